/**
 * Child process of the benchmark: GET /api/graph on a 2,000-workload cluster through the real app
 * on a loopback socket, per shape (objects, columns) and encoding (none, gzip, brotli): the
 * median time until the whole answer is read, and its bytes. One JSON line out.
 */
import { LocalFlowStore } from '../src/server/flowstore/local-store.ts';
import { buildApp } from '../src/server/http/app.ts';
import { loopbackClient } from './http-client.ts';

const dir = process.argv[2]!;
const store = new LocalFlowStore({ roots: [dir], maxFlows: 50_000_000 });
await store.start();
const app = await buildApp({ store, staticDir: '/nonexistent', frameAncestors: "'self'", pressure: { maxEventLoopDelayMs: Infinity } });
const client = await loopbackClient(app);

const RUNS = 21;
const results: { shape: string; encoding: string; coldMs: number; warmMs: number; bytes: number }[] = [];
let nodes = 0;
let edges = 0;
for (const shape of ['objects', 'columns']) {
  for (const encoding of ['identity', 'gzip', 'br']) {
    const path = `/api/graph?group=workload&shape=${shape}`;
    const headers = { 'accept-encoding': encoding };
    const times: number[] = [];
    let bytes = 0;
    let coldMs = 0;
    for (let run = 0; run <= RUNS; run++) {
      const start = performance.now();
      const answer = await client.get(path, headers);
      const ms = performance.now() - start;
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
      if (run === 0) coldMs = ms;
      else times.push(ms);
      bytes = answer.bytes;
    }
    times.sort((a, b) => a - b);
    results.push({ shape, encoding, coldMs, warmMs: times[Math.floor(times.length / 2)]!, bytes });
  }
}
const graph = await store.graph({ filter: [], nowMs: Date.now() }, 'workload');
nodes = graph.nodes.length;
edges = graph.edges.length;
client.close();
await app.close();
await store.stop();
console.log(JSON.stringify({ nodes, edges, flows: graph.flows, results }));
