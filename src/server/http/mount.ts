import type { IncomingMessage } from 'node:http';

/**
 * Serving under a sub-path: `--base-path /portal/net/` mounts every route there (the server
 * strips the prefix before routing), and a reverse proxy that strips it itself says so with
 * `X-Forwarded-Prefix`. Either way the SPA gets a `<base href>` so assets, API calls and deep
 * links resolve under the prefix.
 */

/** Probes answer at the root whatever the base path: Kubernetes sends them to the pod. */
const ROOT_PATHS = new Set(['/healthz', '/readyz']);

/** Fastify `rewriteUrl`: strips the base path; anything outside it goes to a path no route has. */
export function stripBasePath(basePath: string): (request: IncomingMessage) => string {
  const prefix = basePath.replace(/\/$/, '');
  return (request) => {
    const url = request.url ?? '/';
    if (prefix === '') return url;
    const pathname = url.split('?')[0] ?? '/';
    if (ROOT_PATHS.has(pathname)) return url;
    if (url === prefix || url.startsWith(`${prefix}?`)) return `/${url.slice(prefix.length)}`;
    if (url.startsWith(`${prefix}/`)) return url.slice(prefix.length);
    return `/__outside_base_path__${pathname}`;
  };
}

const SAFE_PREFIX = /^(\/[A-Za-z0-9._~-]+)*\/?$/;

/** The public prefix the browser sees: a well-formed X-Forwarded-Prefix, then the base path. */
export function publicPrefix(basePath: string, forwardedPrefix: string | string[] | undefined): string {
  const forwarded = Array.isArray(forwardedPrefix) ? forwardedPrefix[0] : forwardedPrefix;
  const outer = forwarded && SAFE_PREFIX.test(forwarded) && !forwarded.split('/').some((segment) => segment === '.' || segment === '..') ? forwarded.replace(/\/$/, '') : '';
  return `${outer}${basePath}`;
}

/** The SPA's index.html with `<base href>` set to the prefix (the app reads it for its router and API). */
export function withBaseHref(indexHtml: string, prefix: string): string {
  const tag = `<base href="${prefix}">`;
  return indexHtml.includes('<base ') ? indexHtml.replace(/<base [^>]*>/, tag) : indexHtml.replace(/<head>/i, `<head>\n    ${tag}`);
}
