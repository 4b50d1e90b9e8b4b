/** The questions npm run bench:load asks: the dashboard's panels, and varied ones over the demo corpus. */

const TOP = ['source-workload', 'destination-workload', 'destination-fqdn', 'dns-query', 'http-status-class', 'drop-reason'] as const;

/** What the dashboard asks for its panels over the last `since` (as the web app writes them). */
export function dashboardPaths(since: string): string[] {
  const time = `since=${since}`;
  return [
    `/api/summary?${time}`,
    `/api/series?${time}&split=verdict&buckets=30`,
    `/api/series?${time}&split=error&buckets=30`,
    ...['verdict', 'protocol', 'traffic-direction'].map((split) => `/api/series?${time}&split=${split}&buckets=60`),
    ...TOP.map((by) => `/api/top?${time}&by=${by}&limit=8`),
    ...['workload-pair', 'destination-port'].map((by) => `/api/top?${time}&reply=false&by=${by}&limit=8`),
    `/api/imbalance?${time}`,
  ];
}

const NAMESPACES = ['shop', 'data', 'kube-system', 'payments', 'monitoring'];
const VERDICTS = ['FORWARDED', 'DROPPED'];
const PROTOCOLS = ['tcp', 'udp', 'http', 'dns'];
const ENDPOINTS = [
  (pick: Pick) => `/api/flows?limit=${pick([50, 100, 500])}`,
  () => '/api/summary?',
  (pick: Pick) => `/api/series?split=${pick(['verdict', 'protocol', 'error'])}&buckets=${pick([30, 60, 120])}`,
  (pick: Pick) => `/api/top?by=${pick(TOP)}&limit=${pick([8, 10, 20])}`,
  (pick: Pick) => `/api/graph?group=${pick(['namespace', 'workload'])}`,
  (pick: Pick) => `/api/histogram?buckets=${pick([60, 120])}`,
];

type Pick = <T>(values: readonly T[]) => T;

/**
 * A question unlike the last: an endpoint, one to three filter terms, and half the time a random
 * window of the corpus (from a minute to all of it); the rest over all flows.
 */
export function variedPath(random: () => number, startMs: number, endMs: number): string {
  const pick: Pick = (values) => values[Math.floor(random() * values.length)]!;
  const terms: string[] = [];
  if (random() < 0.6) terms.push(`namespace=${pick(NAMESPACES)}`);
  if (random() < 0.4) terms.push(`verdict=${pick(VERDICTS)}`);
  if (random() < 0.4) terms.push(`protocol=${pick(PROTOCOLS)}`);
  if (random() < 0.5) {
    const span = Math.max(60_000, random() * (endMs - startMs));
    const since = startMs + random() * Math.max(0, endMs - startMs - span);
    terms.push(`since=${new Date(since).toISOString()}`, `until=${new Date(since + span).toISOString()}`);
  }
  const path = pick(ENDPOINTS)(pick);
  return `${path}${path.endsWith('?') ? '' : '&'}${terms.join('&')}`;
}
