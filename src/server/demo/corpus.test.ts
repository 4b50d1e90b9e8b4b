import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowRecord } from '../../shared/flow.ts';
import { writeDemoCorpus } from './corpus.ts';
import { factsOf, readNodeFiles } from './test-support.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowlens-demo-corpus-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** File name → SHA-256 of its bytes (comparing digests; deep-equal on megabyte Buffers is slow). */
function snapshot(dir: string, files: string[]): Map<string, string> {
  return new Map(files.map((file) => [relative(dir, file), createHash('sha256').update(readFileSync(file)).digest('hex')]));
}

describe('writeDemoCorpus', () => {
  it('writes identical bytes for the same seed and different ones for another seed', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    const options = { flows: 6000, maxBytes: 512 * 1024 };
    const first = await writeDemoCorpus({ ...options, out: a, seed: 42 });
    const second = await writeDemoCorpus({ ...options, out: b, seed: 42 });
    const other = await writeDemoCorpus({ ...options, out: c, seed: 43 });
    expect(first.files.length).toBeGreaterThan(3);
    expect(snapshot(b, second.files)).toEqual(snapshot(a, first.files));
    expect(second.endMs).toBe(first.endMs);
    const current = (dir: string): string => readFileSync(join(dir, 'aks-nodepool1-12345678-vmss000000', 'events.log'), 'utf8');
    expect(current(c)).not.toBe(current(a));
    expect(other.flows).toBe(6000);
  });

  it('writes exporter lines that parse into sane facts, in time order per node file', async () => {
    const dir = tempDir();
    const corpus = await writeDemoCorpus({ out: dir, flows: 8000, maxBytes: 1024 * 1024, startMs: Date.UTC(2026, 10, 20, 10) });
    const nodes = readNodeFiles(dir);
    expect([...nodes.keys()]).toEqual(['aks-nodepool1-12345678-vmss000000', 'aks-nodepool1-12345678-vmss000001', 'aks-nodepool1-12345678-vmss000002']);
    const namespaces = new Set<string>();
    const workloads = new Set<string>();
    let total = 0;
    const problems: string[] = [];
    const check = (ok: boolean, what: string, line: string): void => {
      if (!ok && problems.length < 5) problems.push(`${what}: ${line.slice(0, 300)}`);
    };
    for (const [node, files] of nodes) {
      let previous = -Infinity;
      for (const file of files) {
        for (const line of file.lines) {
          const record = JSON.parse(line) as FlowRecord;
          check(Object.keys(record).join() === 'flow,node_name,time', 'line keys', line);
          check(record.node_name === node && record.flow.node_name === node, 'node name matches the folder', line);
          check(record.flow.time === record.time, 'flow time equals line time', line);
          check(/^2026-11-20T10:\d{2}:\d{2}(\.\d{3}|\.\d{6}|\.\d{9})?Z$/.test(record.time ?? ''), 'protojson time', line);
          const facts = factsOf(line);
          check(facts.timeMs >= previous, 'time never decreases within a node', line);
          check(facts.timeMs >= corpus.startMs && facts.timeMs <= corpus.endMs, 'time within [startMs, endMs]', line);
          previous = facts.timeMs;
          check(['FORWARDED', 'DROPPED'].includes(facts.verdict), 'verdict', line);
          check(['L3_L4', 'L7'].includes(facts.flowType), 'Type', line);
          check(['tcp', 'udp'].includes(facts.l4Protocol), 'l4', line);
          check(facts.eventType !== '' && record.flow.uuid !== undefined, 'event_type and uuid', line);
          const latency = record.flow.l7?.latency_ns;
          check(latency === undefined || typeof latency === 'string', 'latency_ns as a string', line);
          for (const side of [facts.source, facts.destination]) {
            if (side.namespace) namespaces.add(side.namespace);
            if (side.workload) workloads.add(side.workload);
          }
          total++;
        }
      }
    }
    expect(problems).toEqual([]);
    expect(total).toBe(8000);
    expect(namespaces).toEqual(new Set(['ingress-nginx', 'shop', 'payments', 'data', 'kube-system', 'monitoring']));
    expect(workloads.size).toBe(14);
    expect(workloads).toContain('StatefulSet/kafka');
    // 100 flows per second by default: 8000 flows span about 80 s.
    expect((corpus.endMs - corpus.startMs) / 1000).toBeGreaterThan(60);
    expect((corpus.endMs - corpus.startMs) / 1000).toBeLessThan(100);
  });

  it('refuses a folder that already holds files', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'old', 'events.log'), '');
    await expect(writeDemoCorpus({ out: dir, flows: 10 })).rejects.toThrow(/not empty/);
  });
});
