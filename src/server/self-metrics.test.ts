import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCorpus } from './demo/corpus.ts';
import { LocalFlowStore } from './flowstore/local-store.ts';
import { selfMetrics } from './self-metrics.ts';

let dir: string;
let store: LocalFlowStore;
let text: string;

/** `# TYPE name type` lines of an exposition: family name → type. */
function families(exposition: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(match[1] as string, match[2] as string);
  return types;
}

const sample = (exposition: string, series: string): number | undefined => {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-self-metrics-'));
  await writeDemoCorpus({ out: dir, flows: 2000, seed: 3 });
  store = new LocalFlowStore({ roots: [dir], maxFlows: 1500, parseThreads: 0, pollMs: 50 });
  await store.start();
  text = await selfMetrics(store).metrics();
}, 60_000);

afterAll(async () => {
  await store?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the server's own /metrics", () => {
  it('names the runtime as every Node exporter does, and flowlens’s own series flowlens_*', () => {
    const types = families(text);
    expect(types.get('process_cpu_seconds_total')).toBe('counter');
    expect(types.get('process_resident_memory_bytes')).toBe('gauge');
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
    for (const name of types.keys()) expect(name).toMatch(/^(process_|nodejs_|flowlens_)/);
    expect([...types.keys()].filter((name) => /^flowlens_(process|nodejs)_/.test(name))).toEqual([]);
    // flowlens's names ending in _total are counters (Prometheus naming), so rate() and increase() apply.
    const ownTotals = [...types].filter(([name]) => name.startsWith('flowlens_') && name.endsWith('_total'));
    expect(ownTotals.length).toBeGreaterThan(0);
    for (const [name, type] of ownTotals) expect(`${name} ${type}`).toBe(`${name} counter`);
  });

  it('counts what the store holds and has read', () => {
    expect(sample(text, 'flowlens_index_ready')).toBe(1);
    expect(sample(text, 'flowlens_flows_indexed')).toBe(1500);
    expect(sample(text, 'flowlens_flows_evicted_total')).toBe(500);
    expect(sample(text, 'flowlens_lines_read_total{kind="flow"}')).toBe(2000);
    expect(sample(text, 'flowlens_bad_lines_total')).toBe(0);
    const status = store.status();
    expect(sample(text, 'flowlens_log_files')).toBe(status.totals.files);
    expect(sample(text, 'flowlens_log_bytes_read')).toBe(status.totals.bytesTotal);
  });
});
