import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { appBasePath } from '../api/base-url.ts';
import { Spinner } from '../components/Spinner.tsx';
import { Layout, NotFound } from './Layout.tsx';
import { createQueryClient } from './query-client.ts';

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Layout />,
    // Shown while the first page's code loads.
    HydrateFallback: () => <Spinner className="p-6" />,
    // Each page loads on its first visit, so opening one (the graph, say) does not parse the code
    // of all the others first.
    children: [
      { index: true, lazy: async () => ({ Component: (await import('../features/flows/FlowsPage.tsx')).FlowsPage }) },
      { path: 'dashboard', lazy: async () => ({ Component: (await import('../features/dashboard/DashboardPage.tsx')).DashboardPage }) },
      { path: 'errors', lazy: async () => ({ Component: (await import('../features/errors/ErrorsPage.tsx')).ErrorsPage }) },
      // Cytoscape, the canvas painter and the layouts are the largest part of the code.
      { path: 'graph', lazy: async () => ({ Component: (await import('../features/graph/GraphPage.tsx')).GraphPage }) },
      { path: 'external', lazy: async () => ({ Component: (await import('../features/external/ExternalPage.tsx')).ExternalPage }) },
      { path: 'networking', lazy: async () => ({ Component: (await import('../features/metrics/MetricsPage.tsx')).MetricsPage }) },
      // CodeMirror and the PromQL language load only with the Explore page.
      { path: 'explore', lazy: async () => ({ Component: (await import('../features/explore/ExplorePage.tsx')).ExplorePage }) },
      { path: 'status', lazy: async () => ({ Component: (await import('../features/status/StatusPage.tsx')).StatusPage }) },
      { path: '*', element: <NotFound /> },
    ],
  },
];

/** `/portal/net/` → `/portal/net`: react-router wants the basename without a trailing slash. */
export function routerBasename(basePath = appBasePath()): string {
  return basePath === '/' ? '/' : basePath.replace(/\/+$/, '');
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createBrowserRouter(routes, { basename: routerBasename() }));
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
