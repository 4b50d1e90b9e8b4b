import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider, useLocation, type DataRouter, type RouteObject } from 'react-router';
import { appBasePath } from '../api/base-url.ts';
import { Spinner } from '../components/Spinner.tsx';
import { Layout, NotFound } from './Layout.tsx';
import { VIEW_PATHS } from '../../shared/view-paths.ts';
import { rootTarget } from './paths.ts';
import { RouteError } from './RouteError.tsx';

/** `/flows` → `flows`: children of the layout route are written without the leading slash. */
const child = (path: string): string => path.slice(1);

/** `/` is no view of its own: see `rootTarget`. */
function RootRedirect() {
  const location = useLocation();
  return <Navigate to={rootTarget(location.search, location.hash)} replace />;
}

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Layout />,
    // Shown while the first page's code loads.
    HydrateFallback: () => <Spinner className="p-6" />,
    // Each page loads on its first visit, so opening one (the graph, say) does not parse the code
    // of all the others first.
    // A view that fails (its code chunk not fetched, say) says so inside the layout, whose navigation stays.
    children: [
      { index: true, Component: RootRedirect },
      { path: child(VIEW_PATHS.flows), lazy: async () => ({ Component: (await import('../features/flows/FlowsPage.tsx')).FlowsPage }) },
      { path: child(VIEW_PATHS.dashboard), lazy: async () => ({ Component: (await import('../features/dashboard/DashboardPage.tsx')).DashboardPage }) },
      { path: child(VIEW_PATHS.errors), lazy: async () => ({ Component: (await import('../features/errors/ErrorsPage.tsx')).ErrorsPage }) },
      // Cytoscape, the canvas painter and the layouts are the largest part of the code.
      { path: child(VIEW_PATHS.graph), lazy: async () => ({ Component: (await import('../features/graph/GraphPage.tsx')).GraphPage }) },
      { path: child(VIEW_PATHS.compare), lazy: async () => ({ Component: (await import('./ComparePageWithGraph.tsx')).ComparePageWithGraph }) },
      { path: child(VIEW_PATHS.external), lazy: async () => ({ Component: (await import('../features/external/ExternalPage.tsx')).ExternalPage }) },
      { path: child(VIEW_PATHS.metrics), lazy: async () => ({ Component: (await import('../features/metrics/MetricsPage.tsx')).MetricsPage }) },
      // CodeMirror and the PromQL language load only with the Explore page.
      { path: child(VIEW_PATHS.explore), lazy: async () => ({ Component: (await import('../features/explore/ExplorePage.tsx')).ExplorePage }) },
      { path: child(VIEW_PATHS.status), lazy: async () => ({ Component: (await import('../features/status/StatusPage.tsx')).StatusPage }) },
      { path: '*', element: <NotFound /> },
    ].map((route) => ({ ...route, ErrorBoundary: RouteError })),
  },
];

/** `/portal/net/` → `/portal/net`: react-router wants the basename without a trailing slash. */
export function routerBasename(basePath = appBasePath()): string {
  return basePath === '/' ? '/' : basePath.replace(/\/+$/, '');
}

/** The app's router: its routes under the app's base path. */
export function createAppRouter(): DataRouter {
  return createBrowserRouter(routes, { basename: routerBasename() });
}

/**
 * Resolves once the router has the first page's code (its lazy route loaded or failed), or after
 * `waitMs`: rendering then draws the page at once instead of a spinner first and the page after.
 */
export function firstPageLoaded(router: DataRouter, waitMs: number): Promise<void> {
  if (router.state.initialized) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, waitMs);
    const unsubscribe = router.subscribe((state) => {
      if (state.initialized) done();
    });
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

export function App({ queryClient, router }: { queryClient: QueryClient; router: DataRouter }) {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
