import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { FlowStore } from './flowstore/store.ts';

/**
 * The server's own `/metrics`: the runtime under the names every Node exporter uses
 * (`process_cpu_seconds_total`, `nodejs_heap_size_used_bytes`… prom-client's defaults, no prefix),
 * so stock dashboards and alerts work, and flowlens's own series as `flowlens_*`. Values are read
 * from the store's status at scrape time.
 */
export function selfMetrics(store: FlowStore): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  // The store keeps these totals itself; a counter that copies one at scrape time stays monotonic.
  const counter = (name: string, help: string, read: () => number) =>
    new Counter({ name, help, registers: [registry], collect() { this.reset(); this.inc(read()); } });

  gauge('flowlens_index_ready', '1 once the first index over the logs is built.', () => (store.isReady() ? 1 : 0));
  gauge('flowlens_flows_indexed', 'Flows held in the index now.', () => store.status().totals.flows);
  gauge('flowlens_log_files', 'Log files being read or followed.', () => store.status().totals.files);
  gauge('flowlens_log_bytes', 'Size of the log files being read or followed, in bytes.', () => store.status().totals.bytesTotal);
  gauge('flowlens_log_bytes_read', 'Bytes of those files read so far.', () => store.status().totals.bytesRead);
  gauge('flowlens_ingest_lines_per_second', 'Lines read per second over the last few seconds.', () => store.status().totals.linesPerSecond);
  counter('flowlens_flows_evicted_total', 'Flows evicted to stay within --max-flows.', () => store.status().totals.evicted);
  counter('flowlens_bad_lines_total', 'Lines skipped because they could not be read as flows.', () => store.status().totals.badLines);
  new Counter({
    name: 'flowlens_lines_read_total',
    help: 'Lines read from the logs, by kind (flow, node_status, lost_events, …).',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [kind, count] of Object.entries(store.status().lineKinds)) this.inc({ kind }, count);
    },
  });
  return registry;
}
