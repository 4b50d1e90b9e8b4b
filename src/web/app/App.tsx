import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { appBasePath } from '../api/base-url.ts';
import { DashboardPage } from '../features/dashboard/DashboardPage.tsx';
import { ErrorsPage } from '../features/errors/ErrorsPage.tsx';
import { ExternalPage } from '../features/external/ExternalPage.tsx';
import { FlowsPage } from '../features/flows/FlowsPage.tsx';
import { MetricsPage } from '../features/metrics/MetricsPage.tsx';
import { StatusPage } from '../features/status/StatusPage.tsx';
import { Layout, NotFound } from './Layout.tsx';
import { createQueryClient } from './query-client.ts';

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <FlowsPage /> },
      { path: 'dashboard', element: <DashboardPage /> },
      { path: 'errors', element: <ErrorsPage /> },
      // Loaded on first visit: Cytoscape and its layouts are the largest part of the bundle.
      { path: 'graph', lazy: async () => ({ Component: (await import('../features/graph/GraphPage.tsx')).GraphPage }) },
      { path: 'external', element: <ExternalPage /> },
      { path: 'networking', element: <MetricsPage /> },
      // CodeMirror and the PromQL language load only with the Explore page.
      { path: 'explore', lazy: async () => ({ Component: (await import('../features/explore/ExplorePage.tsx')).ExplorePage }) },
      { path: 'status', element: <StatusPage /> },
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
