/** How often what is on screen is asked again while it follows the newest flows and metrics. */
export const REFRESH = {
  /** Flows table's live follow: the flows newer than the newest shown. */
  flows: 2_000,
  /** Flows histogram and dependency graph while following. */
  chart: 5_000,
  /** Dashboards (Flow logs, Error logs, External traffic) while "Live". */
  dashboard: 10_000,
  /** Metrics range's end (and Explore's "now") moves forward this often. */
  metrics: 30_000,
  /** The index's status: often while the first index is built, slowly afterwards. */
  indexBuilding: 1_000,
  indexReady: 15_000,
  /** Prometheus' status: often while one starts here, slowly so one started later shows up. */
  prometheusStarting: 2_000,
  prometheusUnreachable: 10_000,
  prometheusReachable: 60_000,
} as const;
