/**
 * Where the app lives. A server mounted under a sub-path injects `<base href="/some/prefix/">`;
 * without one the app is at the root. Router basename and API URLs both come from here.
 */
export function appBasePath(doc: Document | undefined = globalThis.document): string {
  const href = doc?.querySelector('base')?.getAttribute('href');
  if (!href) return '/';
  const path = new URL(href, doc.location.href).pathname;
  return path.endsWith('/') ? path : `${path}/`;
}

/** `/prefix/` + `api/flows` → `/prefix/api/flows`. */
export function apiUrl(path: string, params?: URLSearchParams, basePath = appBasePath()): string {
  const query = params && params.size > 0 ? `?${params.toString()}` : '';
  return `${basePath}${path.replace(/^\//, '')}${query}`;
}
