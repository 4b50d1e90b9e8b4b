/**
 * The module behind each page of the web app, by the first segment of its path. The router loads
 * it when the page opens (src/web/app/App.tsx; a test there checks the two agree) and the server
 * names its code in index.html to preload (src/server/http/page-preload.ts), so a page's first
 * view does not wait for the app's code to run before asking for the page's own.
 */
export const PAGE_MODULES: Readonly<Record<string, string>> = {
  '/': 'src/web/features/flows/FlowsPage.tsx',
  '/dashboard': 'src/web/features/dashboard/DashboardPage.tsx',
  '/errors': 'src/web/features/errors/ErrorsPage.tsx',
  '/graph': 'src/web/features/graph/GraphPage.tsx',
  '/external': 'src/web/features/external/ExternalPage.tsx',
  '/networking': 'src/web/features/metrics/MetricsPage.tsx',
  '/explore': 'src/web/features/explore/ExplorePage.tsx',
  '/status': 'src/web/features/status/StatusPage.tsx',
};

/** The page module a path opens (`/graph?group=pod` → the graph page), or null. */
export function pageModuleOf(pathname: string): string | null {
  const segment = `/${pathname.split('?')[0]!.split('/')[1] ?? ''}`;
  return PAGE_MODULES[segment] ?? null;
}
