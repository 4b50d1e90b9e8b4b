import { VIEW_PATHS } from './view-paths.ts';

/**
 * The module behind each page of the web app, by the first segment of its path. The router loads
 * it when the page opens (src/web/app/App.tsx; a test there checks the two agree) and the server
 * names its code in index.html to preload (src/server/http/page-preload.ts), so a page's first
 * view does not wait for the app's code to run before asking for the page's own.
 */
export const PAGE_MODULES: Readonly<Record<string, string>> = {
  [VIEW_PATHS.flows]: 'src/web/features/flows/FlowsPage.tsx',
  [VIEW_PATHS.dashboard]: 'src/web/features/dashboard/DashboardPage.tsx',
  [VIEW_PATHS.errors]: 'src/web/features/errors/ErrorsPage.tsx',
  [VIEW_PATHS.graph]: 'src/web/features/graph/GraphPage.tsx',
  [VIEW_PATHS.compare]: 'src/web/app/ComparePageWithGraph.tsx',
  [VIEW_PATHS.external]: 'src/web/features/external/ExternalPage.tsx',
  [VIEW_PATHS.metrics]: 'src/web/features/metrics/MetricsPage.tsx',
  [VIEW_PATHS.explore]: 'src/web/features/explore/ExplorePage.tsx',
  [VIEW_PATHS.status]: 'src/web/features/status/StatusPage.tsx',
};

/**
 * The view a link opens (`/graph?group=pod` → `/graph`), or null. Bare `/` opens the Dashboard;
 * with a query (an old Flows link) Flows.
 */
export function viewPathOf(url: string): string | null {
  const [path = '', query = ''] = url.split('?');
  const segment = `/${path.split('/')[1] ?? ''}`;
  if (segment === '/') return query ? VIEW_PATHS.flows : VIEW_PATHS.dashboard;
  return (Object.values(VIEW_PATHS) as string[]).includes(segment) ? segment : null;
}

/** The page module a link opens, or null. */
export function pageModuleOf(url: string): string | null {
  const view = viewPathOf(url);
  return view === null ? null : (PAGE_MODULES[view] ?? null);
}
