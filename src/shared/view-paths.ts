/**
 * Where each view lives: the router, the navigation, every link into a view and the server's
 * preloading (page-modules.ts) take their path from here. `/` is not a view: bare it opens the Dashboard, with a query it opens Flows (links
 * made before Flows had its own path were `/?verdict=DROPPED…`).
 */
export const VIEW_PATHS = {
  dashboard: '/dashboard',
  flows: '/flows',
  errors: '/errors',
  graph: '/graph',
  compare: '/compare',
  external: '/external',
  metrics: '/networking',
  explore: '/explore',
  status: '/status',
} as const;
