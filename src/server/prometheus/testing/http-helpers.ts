import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { LocalFlowStore } from '../../flowstore/local-store.ts';
import { buildApp } from '../../http/app.ts';
import type { MetricsPage } from '../../http/routes/prometheus.ts';
import type { PrometheusProxy } from '../proxy.ts';

/** Test helpers: raw HTTP (no URL normalisation, so path tricks arrive as sent) and fake upstreams. */

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface Envelope {
  status: string;
  data?: unknown;
  errorType?: string;
  error?: string;
}

export function envelopeOf(answer: RawAnswer): Envelope {
  return JSON.parse(answer.text) as Envelope;
}

/** Sends the path byte for byte: fetch and URL would resolve `..` and `%2e%2e` before sending. */
export function rawRequest(port: number, method: string, rawPath: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const request = http.request({ host: '127.0.0.1', port, method, path: rawPath, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A stand-in upstream that records what reaches it and answers with `respond`. */
export async function fakeUpstream(respond: (request: SeenRequest, response: http.ServerResponse) => void): Promise<{ url: string; port: number; seen: SeenRequest[]; close(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const record = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
      seen.push(record);
      respond(record, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const EMPTY_VECTOR = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } });

/** A flowlens server on a free loopback port (flows from an empty folder), with the given proxy. */
export async function listeningApp(proxy: PrometheusProxy | null, demoMetrics: MetricsPage | null = null): Promise<{ app: FastifyInstance; port: number; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-prom-'));
  const store = new LocalFlowStore({ roots: [dir], maxFlows: 1000 });
  const app = await buildApp({ store, staticDir: path.join(dir, 'no-spa'), frameAncestors: "'self'", prometheus: proxy, demoMetrics });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    port,
    close: async () => {
      await app.close();
      proxy?.upstream.agent.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
