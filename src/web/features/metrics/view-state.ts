import type { UrlView } from '../../app/url-state.ts';
import { writeMetricsParams } from '../../components/metrics-link.ts';
import { DEFAULT_SPAN } from '../../components/query-window.ts';
import { flowsHref, withTerms, withTime } from '../../components/view-toolbar/filter-view.ts';
import type { Scope } from './promql.ts';

/**
 * The metrics page's view state, all in the URL: `dashboard`, the variables under the filter
 * language's own names (`namespace`, `workload`, `pod`), and the app-wide `since`/`until`/`follow`.
 */
export interface MetricsView {
  dashboard: string | null;
  scope: Scope;
  since: string | null;
  until: string | null;
  follow: boolean;
}

const text = (params: URLSearchParams, name: string): string | null => params.get(name)?.trim() || null;

export function readMetricsView(params: URLSearchParams): MetricsView {
  const namespace = text(params, 'namespace');
  return {
    dashboard: text(params, 'dashboard'),
    // Workload and pod name things inside a namespace; without one they are ignored.
    scope: { namespace, workload: namespace ? text(params, 'workload') : null, pod: namespace ? text(params, 'pod') : null },
    since: text(params, 'since'),
    until: text(params, 'until'),
    follow: params.get('follow') === '1',
  };
}

/** The page's URL is written where links into it are written too. */
export const writeMetricsView: (view: MetricsView) => URLSearchParams = writeMetricsParams;

/** The metrics page's URL, read and written by the app's one URL writer. */
export const METRICS_VIEW: UrlView<MetricsView> = { read: readMetricsView, write: writeMetricsView };

/** Changing a wider variable clears the narrower ones (a pod of another namespace makes no sense). */
export function chooseScope(scope: Scope, level: keyof Scope, value: string | null): Scope {
  if (level === 'namespace') return { namespace: value, workload: null, pod: null };
  if (level === 'workload') return { ...scope, workload: value, pod: null };
  return { ...scope, pod: value };
}

/** Flow-log link: the panel's filter terms (`key!` negates) plus the same time range (the page's default hour when none). */
export function panelFlowsHref(filter: URLSearchParams, view: Pick<MetricsView, 'since' | 'until'>): string {
  const terms = withTerms([], [...filter].map(([key, value]) => ({ key, value })));
  return flowsHref(withTime({ filter: terms, since: view.since ?? DEFAULT_SPAN, until: view.until }));
}
