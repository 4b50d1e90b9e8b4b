/**
 * Where each view of the web app lives: the router, the navigation, every link into a view and the
 * server's page preloads take their path from here. `/` is not a view: bare it opens the
 * Dashboard, with a query it opens Flows (links made before Flows had its own path were
 * `/?verdict=DROPPED…`); see src/web/app/paths.ts.
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
