/**
 * Child process of the benchmark: GET /api/graph on a 2,000-workload cluster through the real app
 * on a loopback socket, per shape (objects, columns) and encoding (none, gzip, brotli): the
 * median time until the whole answer is read, and its bytes; then the store's own graph time with
 * every outside address and with the API's default merge (alternating). One JSON line out.
 * Optional second argument: more query parameters (`&outside=all`).
 */
import { ALL_OUTSIDE, DEFAULT_OUTSIDE_NODES } from '../src/shared/outside-nodes.ts';
import { LocalFlowStore } from '../src/server/flowstore/local-store.ts';
import { buildApp } from '../src/server/http/app.ts';
import { loopbackClient } from './http-client.ts';

const dir = process.argv[2]!;
const extra = process.argv[3] ?? '';
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
    const path = `/api/graph?group=workload&shape=${shape}${extra}`;
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
const query = { filter: [], nowMs: Date.now() };
const graph = await store.graph(query, 'workload');
nodes = graph.nodes.length;
edges = graph.edges.length;
const storeTimes = { all: [] as number[], merged: [] as number[] };
for (let run = 0; run < RUNS; run++) {
  for (const [name, outside] of [['all', ALL_OUTSIDE], ['merged', DEFAULT_OUTSIDE_NODES]] as const) {
    const start = performance.now();
    await store.graph(query, 'workload', outside);
    storeTimes[name].push(performance.now() - start);
  }
}
const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
const storeMs = { all: median(storeTimes.all), merged: median(storeTimes.merged) };
client.close();
await app.close();
await store.stop();
console.log(JSON.stringify({ nodes, edges, flows: graph.flows, results, storeMs }));
