/**
 * The shipper's probes (`--health-port`): `/healthz` 200 while its process answers (a liveness
 * probe: restarting a shipper does not bring ClickHouse back), `/readyz` 200 while it ships, else
 * 503 saying what keeps it from shipping and since when, and `/status` the same as JSON with what
 * it shipped. Plain node:http: three fixed answers, nothing from the request is read but its path.
 */
import http from 'node:http';
import type { Shipper } from './shipper.ts';

export interface ShipperStatus {
  shipping: boolean;
  problem: string | null;
  since: string | null;
  flows: number;
  inserts: number;
  retries: number;
}

function shipperStatus(shipper: Shipper): ShipperStatus {
  const { problem, sinceMs } = shipper.health();
  const { flows, inserts, retries } = shipper.stats;
  return { shipping: problem === null, problem, since: sinceMs === null ? null : new Date(sinceMs).toISOString(), flows, inserts, retries };
}

function answer(shipper: Shipper, path: string): { code: number; type: string; body: string } {
  if (path === '/healthz') return { code: 200, type: 'text/plain', body: 'ok\n' };
  const status = shipperStatus(shipper);
  if (path === '/readyz') return status.shipping ? { code: 200, type: 'text/plain', body: 'shipping\n' } : { code: 503, type: 'text/plain', body: `not shipping since ${status.since}: ${status.problem}\n` };
  if (path === '/status') return { code: 200, type: 'application/json', body: `${JSON.stringify(status)}\n` };
  return { code: 404, type: 'text/plain', body: 'not found: the shipper answers /healthz, /readyz and /status\n' };
}

/** Serves the probes on `host:port`; resolves once listening. */
export function serveShipperHealth(shipper: Shipper, host: string, port: number): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const { code, type, body } = request.method === 'GET' || request.method === 'HEAD' ? answer(shipper, path) : { code: 405, type: 'text/plain', body: 'GET only\n' };
    response.writeHead(code, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  // A probe that never finishes its request must not hold a socket.
  server.requestTimeout = 5_000;
  server.headersTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.unref();
      resolve(server);
    });
  });
}
