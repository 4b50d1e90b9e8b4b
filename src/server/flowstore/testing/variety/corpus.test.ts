import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyName } from '../../reader/discover.ts';
import { OBSERVE_FILE, writeVarietyCorpus, type VarietyCorpus } from './corpus.ts';

type Json = Record<string, unknown>;

let dir = '';
let corpus: VarietyCorpus;
/** Every line of every file, in reading order, with the file it came from. */
let lines: { file: string; text: string }[] = [];

const options = { flows: 12_000, seed: 3, maxBytes: 1_500_000, rolloutEveryMinutes: 2, podLifetimeMinutes: 4, flowsPerSecond: 20 };

function contentOf(file: string): string {
  const bytes = fs.readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

type ParsedFlow = { line: Json; flow: Json; file: string; text: string };
let parsedFlows: ParsedFlow[] | null = null;

/** The flow lines, bare (observe) or wrapped (exporter), parsed once. */
function parsed(): ParsedFlow[] {
  if (parsedFlows) return parsedFlows;
  const flows: ParsedFlow[] = [];
  for (const { file, text } of lines) {
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      continue;
    }
    if (typeof line !== 'object' || line === null || Array.isArray(line)) continue;
    const record = line as Json;
    const flow = (record.flow ?? (path.basename(file) === OBSERVE_FILE ? record : undefined)) as Json | undefined;
    if (flow && typeof flow === 'object' && typeof flow.time === 'string') flows.push({ line: record, flow, file, text });
  }
  return (parsedFlows = flows);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-variety-'));
  corpus = writeVarietyCorpus({ out: path.join(dir, 'a'), ...options });
  lines = corpus.files.flatMap((file) =>
    contentOf(file)
      .split('\n')
      .filter((text) => text !== '')
      .map((text) => ({ file, text })),
  );
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the variety corpus', () => {
  it('is the same bytes for the same seed', () => {
    const small = { ...options, flows: 2000, maxBytes: 300_000 };
    const digest = (root: string) => {
      const written = writeVarietyCorpus({ out: root, ...small });
      return written.files.map((file) => `${path.relative(root, file)} ${crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`);
    };
    const first = digest(path.join(dir, 'b'));
    expect(first.length).toBeGreaterThan(4);
    expect(digest(path.join(dir, 'c'))).toEqual(first);
  });

  it('has node folders with lumberjack backups, plain and gzipped, and an observe capture of bare flows', () => {
    const folders = new Set(corpus.files.map((file) => path.relative(path.join(dir, 'a'), path.dirname(file))).filter((folder) => folder !== ''));
    expect(folders.size).toBe(3);
    const kinds = corpus.files.map((file) => classifyName(path.basename(file)));
    expect(kinds.every((kind) => kind !== null)).toBe(true);
    expect(kinds.filter((kind) => kind?.compressed && kind.backupTime !== '').length).toBeGreaterThan(0);
    expect(kinds.filter((kind) => !kind?.compressed && kind?.backupTime).length).toBeGreaterThan(0);
    const observe = lines.filter(({ file }) => path.basename(file) === OBSERVE_FILE).map(({ text }) => JSON.parse(text) as Json);
    expect(observe.length).toBeGreaterThan(options.flows * 0.02);
    expect(observe.every((flow) => !('flow' in flow) && typeof flow.verdict === 'string')).toBe(true);
  });

  it('writes every flow it counts, bad lines and the four other line kinds', () => {
    const flows = parsed();
    expect(flows.length).toBe(corpus.flows);
    expect(corpus.flows).toBe(options.flows);
    const kinds = new Set(lines.map(({ text }) => Object.keys((() => { try { return JSON.parse(text) as Json; } catch { return {}; } })())[0]));
    for (const kind of ['node_status', 'lost_events', 'agent_event', 'debug_event']) expect(kinds).toContain(kind);
    const unreadable = lines.filter(({ text }) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
    expect(unreadable.length).toBeGreaterThan(10);
    expect(corpus.badLines).toBeGreaterThanOrEqual(unreadable.length);
  });

  it('has pods that come and go: new ReplicaSet hashes and names over time, addresses reused by other pods', () => {
    const flows = parsed();
    const podsIn = (part: typeof flows) => new Set(part.flatMap(({ flow }) => [flow.source, flow.destination].map((endpoint) => (endpoint as Json | undefined)?.pod_name).filter((name): name is string => typeof name === 'string')));
    const first = podsIn(flows.slice(0, flows.length / 4));
    const last = podsIn(flows.slice((flows.length * 3) / 4));
    expect([...last].filter((pod) => !first.has(pod)).length).toBeGreaterThan(50);
    expect([...first].filter((pod) => !last.has(pod)).length).toBeGreaterThan(50);
    const hashes = new Set([...first, ...last].map((pod) => /^(.+)-([a-z0-9]{9,10})-[a-z0-9]{5}$/.exec(pod)?.slice(1, 3).join('/')).filter(Boolean));
    const byWorkload = new Map<string, number>();
    for (const key of hashes) byWorkload.set(key!.split('/')[0]!, (byWorkload.get(key!.split('/')[0]!) ?? 0) + 1);
    expect([...byWorkload.values()].filter((count) => count > 1).length).toBeGreaterThan(10);
    const podsByIp = new Map<string, Set<string>>();
    for (const { flow } of flows) {
      const source = flow.source as Json;
      const ip = (flow.IP as Json).source as string;
      if (typeof source.pod_name === 'string') podsByIp.set(ip, (podsByIp.get(ip) ?? new Set()).add(source.pod_name));
    }
    expect([...podsByIp.values()].filter((pods) => pods.size > 1).length).toBeGreaterThan(20);
  });

  it('has ephemeral ports and many URLs, DNS names and label sets', () => {
    const flows = parsed();
    const distinct = (read: (flow: Json) => unknown) => new Set(flows.map(({ flow }) => read(flow)).filter((value) => value !== undefined)).size;
    const l4 = (flow: Json) => ((flow.l4 as Json).TCP ?? (flow.l4 as Json).UDP) as Json | undefined;
    expect(distinct((flow) => l4(flow)?.source_port)).toBeGreaterThan(5000);
    expect(distinct((flow) => ((flow.l7 as Json | undefined)?.http as Json | undefined)?.url)).toBeGreaterThan(500);
    expect(distinct((flow) => ((flow.l7 as Json | undefined)?.dns as Json | undefined)?.query)).toBeGreaterThan(300);
    expect(distinct((flow) => JSON.stringify((flow.source as Json).labels))).toBeGreaterThan(100);
  });

  it('writes times with every precision from whole seconds to nanoseconds', () => {
    const digits = new Set(parsed().map(({ flow }) => /\.(\d+)Z$/.exec(flow.time as string)?.[1]?.length ?? 0));
    expect([...digits].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('writes fields in more than one order and spacing, as protojson builds and collectors differ', () => {
    const flows = parsed();
    const orders = new Set(flows.map(({ flow }) => Object.keys(flow).slice(0, 3).join(',')));
    expect(orders.size).toBeGreaterThanOrEqual(2);
    expect(flows.some(({ text }) => text.includes('", "'))).toBe(true);
    expect(flows.some(({ text }) => text.includes('","'))).toBe(true);
  });
});
