import type { FastifyInstance } from 'fastify';

/**
 * DNS-rebinding guard: a page on evil.example that resolves its name to 127.0.0.1 would otherwise
 * read flows through a port-forward. Only requests naming an allowed host (exact, any case) are
 * served; probes answer for any host because Kubernetes sends the pod IP.
 */
const DEFAULT_ALLOWED_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

function hostOf(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

export function hostAllowList(app: FastifyInstance, extraHosts: readonly string[]): void {
  if (extraHosts.includes('*')) return;
  const allowed = new Set([...DEFAULT_ALLOWED_HOSTS, ...extraHosts].map((host) => host.toLowerCase()));
  app.addHook('onRequest', async (request, reply) => {
    const pathname = (request.raw.url ?? '/').split('?')[0];
    if (pathname === '/healthz' || pathname === '/readyz') return;
    const host = hostOf(request.headers.host ?? '');
    if (!allowed.has(host)) {
      return reply.code(421).send({ error: `host "${host}" is not served here; start flowlens with --allowed-hosts ${host} to allow it` });
    }
  });
}
