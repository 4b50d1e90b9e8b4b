/**
 * Where each view lives: the router, the navigation and every link into a view take their path
 * from here. `/` is not a view: bare it opens the Dashboard, with a query it opens Flows (links
 * made before Flows had its own path were `/?verdict=DROPPED…`).
 */
export const VIEW_PATHS = {
  dashboard: '/dashboard',
  flows: '/flows',
  errors: '/errors',
  graph: '/graph',
  external: '/external',
  metrics: '/networking',
  explore: '/explore',
  status: '/status',
} as const;

/** The Flows view with this query string (URL form of a filter, `flow=…` and so on). */
export function flowsPath(query: string | URLSearchParams = ''): string {
  const search = query.toString().replace(/^\?/, '');
  return search ? `${VIEW_PATHS.flows}?${search}` : VIEW_PATHS.flows;
}

/** Where `/` leads: Flows keeping the query and hash of an old Flows link, else the Dashboard. */
export function rootTarget(search: string, hash = ''): string {
  return search.replace(/^\?/, '') ? `${flowsPath(search)}${hash}` : VIEW_PATHS.dashboard;
}
