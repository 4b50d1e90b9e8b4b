import { VIEW_PATHS } from '../../shared/view-paths.ts';

/**
 * The Metrics view's URL, written in one place for the view itself and for links into it (a flow's
 * workloads): `dashboard`, the variables under the filter language's own names (`namespace`,
 * `workload`, `pod`), and `since`/`until`/`follow`.
 */
export interface MetricsLink {
  dashboard: string | null;
  scope: { namespace: string | null; workload: string | null; pod: string | null };
  since: string | null;
  until: string | null;
  follow: boolean;
}

export function writeMetricsParams(view: MetricsLink): URLSearchParams {
  const params = new URLSearchParams();
  if (view.dashboard) params.set('dashboard', view.dashboard);
  if (view.scope.namespace) {
    params.set('namespace', view.scope.namespace);
    if (view.scope.workload) params.set('workload', view.scope.workload);
    if (view.scope.pod) params.set('pod', view.scope.pod);
  }
  if (view.since) params.set('since', view.since);
  if (view.until) params.set('until', view.until);
  if (view.follow) params.set('follow', '1');
  return params;
}

export function metricsHref(view: MetricsLink): string {
  return `${VIEW_PATHS.metrics}?${writeMetricsParams(view).toString()}`;
}
