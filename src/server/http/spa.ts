import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { publicPrefix, withBaseHref } from './mount.ts';
import { pagePreloads, withPreloads } from './page-preload.ts';

/** Hashed build output (`assets/name-HASH.js`) never changes under its name: kept for a year, never revalidated. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** index.html, the favicon: revalidated every time (ETag), so a new build shows on the next load. */
const REVALIDATE = 'no-cache';

/**
 * The built SPA: `assets/` precompressed at build (brotli and gzip beside each file, picked by
 * Accept-Encoding) and cached for good, the few other files revalidated, and index.html (with its
 * `<base href>` and the opened page's code to preload) for every other GET path that is not the
 * API, so deep links load the app.
 */
export async function serveSpa(app: FastifyInstance, staticDir: string, basePath: string): Promise<void> {
  const indexFile = path.join(staticDir, 'index.html');
  const hasSpa = fs.existsSync(indexFile);
  const preloadsFor = pagePreloads(staticDir);
  if (hasSpa) {
    await app.register(fastifyStatic, {
      root: path.resolve(staticDir),
      index: false,
      wildcard: false,
      // assets/ has its own rules below.
      globIgnore: ['assets/**'],
      serveDotFiles: false,
      cacheControl: false,
      setHeaders: (response) => response.setHeader('Cache-Control', REVALIDATE),
    });
    const assets = path.join(staticDir, 'assets');
    if (fs.existsSync(assets)) {
      await app.register(fastifyStatic, {
        root: path.resolve(assets),
        prefix: '/assets/',
        decorateReply: false,
        serveDotFiles: false,
        preCompressed: true,
        cacheControl: false,
        setHeaders: (response) => {
          response.setHeader('Cache-Control', ASSET_CACHE_CONTROL);
          // One URL, a brotli, gzip or plain body: caches keep them apart.
          response.setHeader('Vary', 'Accept-Encoding');
        },
      });
    }
  }

  app.setNotFoundHandler((request, reply) => {
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    if (pathname.startsWith('/__outside_base_path__')) {
      return reply.code(404).send({ error: `flowlens is served under ${basePath}; this path is outside it` });
    }
    if (request.method !== 'GET' || pathname.startsWith('/api/') || /\.[a-z0-9]+$/i.test(pathname)) {
      return reply.code(404).send({ error: `no such endpoint: ${request.method} ${pathname}` });
    }
    if (!hasSpa) {
      return reply.code(503).type('text/plain').send('The web app is not built yet: run `npm run build` (npm start does it for you).');
    }
    const page = withPreloads(fs.readFileSync(indexFile, 'utf8'), preloadsFor(request.url ?? pathname));
    const html = withBaseHref(page, publicPrefix(basePath, request.headers['x-forwarded-prefix']));
    return reply.type('text/html').header('Cache-Control', REVALIDATE).send(html);
  });
}
