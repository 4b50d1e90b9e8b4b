import type { FastifyInstance } from 'fastify';

/**
 * Paths are decoded exactly once, and a path that only makes sense after normalising is refused,
 * not normalised: a normalising server lets `/api/x/../admin` slip past rules in a proxy in front.
 */
export type PathVerdict = 'ok' | 'not-found' | 'bad-request';

export function judgePath(rawPath: string): PathVerdict {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(rawPath)) return 'bad-request';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return 'bad-request';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(decoded)) return 'bad-request';
  if (/%[0-9a-f]{2}/i.test(decoded)) return 'not-found'; // still encoded after one decode
  if (/%2f|%5c/i.test(rawPath)) return 'not-found'; // an encoded slash or backslash
  if (decoded.includes('\\') || decoded.includes('//')) return 'not-found';
  if (decoded.split('/').some((segment) => segment === '.' || segment === '..')) return 'not-found';
  return 'ok';
}

export function pathGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const rawPath = (request.raw.url ?? '/').split('?')[0] ?? '/';
    const verdict = judgePath(rawPath);
    if (verdict === 'bad-request') return reply.code(400).send({ error: 'the request path has a malformed percent-encoding or a control character' });
    if (verdict === 'not-found') return reply.code(404).send({ error: 'no such path' });
  });
}
