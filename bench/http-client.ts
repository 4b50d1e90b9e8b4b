import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** A loopback client over one kept-alive socket, as a browser holds one: the route's time, not connection setup. */
export interface LoopbackClient {
  /** GET a path; resolves with the body's size once it is all read. */
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; bytes: number }>;
  close(): void;
}

export async function loopbackClient(app: FastifyInstance): Promise<LoopbackClient> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get: (path, headers = {}) =>
      new Promise((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path, agent, headers }, (response) => {
            let bytes = 0;
            response.on('data', (chunk: Buffer) => (bytes += chunk.length));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
            response.on('error', reject);
          })
          .on('error', reject);
      }),
    close: () => agent.destroy(),
  };
}
