/**
 * Where the app lives. A server mounted under a sub-path injects `<base href="/some/prefix/">`.
 * Without one, a production build knows it from its own script URL (`<prefix>/assets/x.js`, built
 * with relative asset URLs); the dev server serves at the root. Router basename and API URLs
 * both come from here.
 */
export function appBasePath(doc: Document | undefined = globalThis.document, moduleUrl: string | null = import.meta.env.PROD ? import.meta.url : null): string {
  const href = doc?.querySelector('base')?.getAttribute('href');
  if (href) return withSlash(new URL(href, doc.location.href).pathname);
  if (moduleUrl) return withSlash(new URL('..', moduleUrl).pathname);
  return '/';
}

function withSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/** `/prefix/` + `api/flows` → `/prefix/api/flows`. */
export function apiUrl(path: string, params?: URLSearchParams, basePath = appBasePath()): string {
  const query = params && params.size > 0 ? `?${params.toString()}` : '';
  return `${basePath}${path.replace(/^\//, '')}${query}`;
}
