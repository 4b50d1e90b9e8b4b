import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Random } from '../../../demo/random.ts';
import { backupTimestamp } from '../../../demo/rotating-writer.ts';
import { VarietyCluster } from './cluster.ts';
import { atResolution, jsonText, momentOf, rfc3339, type JsonStyle, type Moment } from './json-text.ts';
import { VarietyTraffic } from './traffic.ts';

/**
 * A flow log corpus with the variety of real clusters, for benchmarks and ingest checks (the
 * demo corpus repeats one shop's lines): node folders whose Hubble versions and JSON writers
 * differ, pods churning under rollouts and restarts, addresses reused, ephemeral ports, many URLs
 * and DNS names, times from whole seconds to nanoseconds, lumberjack backups plain and gzipped, a
 * `hubble observe -o json` capture of bare flows, node_status / lost_events / agent_event /
 * debug_event lines and bad lines. The same options give the same bytes.
 */

export interface VarietyCorpusOptions {
  out: string;
  flows: number;
  seed?: number;
  nodes?: number;
  /** Deployments and StatefulSets (plus two DaemonSets). */
  workloads?: number;
  startMs?: number;
  flowsPerSecond?: number;
  /** Rotation size of each node's events.log (ACNS: 50 MB). */
  maxBytes?: number;
  /** Share of flows written to the observe capture instead of a node's log. */
  observeShare?: number;
  /** Share of lines that are bad (not JSON, cut short, of no known kind). */
  badShare?: number;
  /** Mean minutes between rollouts of one Deployment, and a pod's mean lifetime. */
  rolloutEveryMinutes?: number;
  podLifetimeMinutes?: number;
}

export interface VarietyCorpus {
  files: string[];
  /** Flow lines written (bad and other lines not counted). */
  flows: number;
  otherLines: Record<string, number>;
  badLines: number;
}

const VARIETY_START_MS = Date.UTC(2026, 10, 20, 6, 0, 0);
export const OBSERVE_FILE = 'hubble-observe.log';

/** How each node's files are written: its JSON writer, clock, Hubble version and backup compression. */
interface NodeStyle {
  json: JsonStyle;
  /** Fraction digits its clocks tick in, picked per line. */
  resolutions: readonly number[];
  newer: boolean;
  /** Which backups get gzipped: all, none, or all but the newest (compression still pending). */
  gzip: 'all' | 'none' | 'older';
}

const NODE_STYLES: NodeStyle[] = [
  { json: { spaced: false, sorted: false, fraction: 'protojson' }, resolutions: [9, 9, 9, 6, 3, 0], newer: true, gzip: 'all' },
  { json: { spaced: true, sorted: false, fraction: 'protojson' }, resolutions: [9, 9, 6, 6, 3], newer: false, gzip: 'none' },
  { json: { spaced: false, sorted: true, fraction: 'trimmed' }, resolutions: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], newer: true, gzip: 'older' },
];
const OBSERVE_STYLE: JsonStyle = { spaced: false, sorted: false, fraction: 'protojson' };

interface NodeLog {
  name: string;
  folder: string;
  style: NodeStyle;
  size: number;
  pending: string[];
  backups: string[];
}

export function writeVarietyCorpus(options: VarietyCorpusOptions): VarietyCorpus {
  const out = path.resolve(options.out);
  fs.mkdirSync(out, { recursive: true });
  if (fs.readdirSync(out).length > 0) throw new Error(`${out}: folder is not empty; write the corpus to a new or empty folder`);
  const seed = options.seed ?? 1;
  const nodeCount = options.nodes ?? 3;
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024;
  const badShare = options.badShare ?? 0.002;
  const observeShare = options.observeShare ?? 0.05;
  const random = new Random(seed);
  let nowMs = options.startMs ?? VARIETY_START_MS;
  const cluster = new VarietyCluster(seed + 1, { nodes: nodeCount, workloads: options.workloads ?? 60, rolloutEveryMinutes: options.rolloutEveryMinutes ?? 40, podLifetimeMinutes: options.podLifetimeMinutes ?? 90 }, nowMs);
  const nodes: NodeLog[] = Array.from({ length: nodeCount }, (_, i) => {
    const name = `aks-nodepool1-38051254-vmss${String(i).padStart(6, '0')}`;
    const folder = path.join(out, name);
    fs.mkdirSync(folder);
    return { name, folder, style: NODE_STYLES[i % NODE_STYLES.length]!, size: 0, pending: [], backups: [] };
  });
  const traffic = new VarietyTraffic(seed + 2, cluster, nodes.map((node) => node.style.newer));
  const observe: string[] = [];
  const gapMs = 1000 / (options.flowsPerSecond ?? 120);
  const result: VarietyCorpus = { files: [], flows: 0, otherLines: {}, badLines: 0 };

  const write = (node: NodeLog, line: string) => {
    const bytes = Buffer.byteLength(line) + 1;
    if (node.size + bytes > maxBytes && node.size > 0) rotate(node, nowMs);
    node.pending.push(line);
    node.size += bytes;
    if (node.pending.length >= 4096) flush(node);
  };

  while (result.flows < options.flows) {
    nowMs += random.exponential(gapMs);
    cluster.advance(nowMs);
    const moment = momentOf(nowMs, random.int(1_000_000));
    for (const { flow, node: n } of traffic.next()) {
      if (result.flows >= options.flows) break;
      const node = nodes[n]!;
      const time = rfc3339(atResolution(moment, random.pick(node.style.resolutions)), node.style.json.fraction);
      flow.time = time;
      flow.node_name = node.name;
      result.flows++;
      if (random.chance(observeShare)) {
        observe.push(jsonText(flow, OBSERVE_STYLE));
        continue;
      }
      write(node, jsonText({ flow, node_name: node.name, time }, node.style.json));
    }
    if (random.chance(0.01)) {
      const node = random.pick(nodes);
      const kind = otherLine(random, cluster, node.name, moment);
      result.otherLines[kind.name] = (result.otherLines[kind.name] ?? 0) + 1;
      write(node, jsonText({ ...kind.body, node_name: node.name, time: rfc3339(moment, 'protojson') }, node.style.json));
    }
    if (random.chance(badShare * 2)) {
      const node = random.pick(nodes);
      write(node, badLine(random, node.pending[node.pending.length - 1] ?? '{"flow":{'));
      result.badLines++;
    }
  }
  for (const node of nodes) {
    flush(node);
    // Lumberjack compresses right after a rotation; the newest backup may still be waiting.
    node.backups.forEach((backup, i) => {
      const compress = node.style.gzip === 'all' || (node.style.gzip === 'older' && i < node.backups.length - 1);
      if (compress) {
        fs.writeFileSync(`${backup}.gz`, gzipSync(fs.readFileSync(backup)));
        fs.rmSync(backup);
      }
    });
  }
  fs.writeFileSync(path.join(out, OBSERVE_FILE), observe.length > 0 ? `${observe.join('\n')}\n` : '');
  result.files = listFiles(out).sort();
  return result;

  function flush(node: NodeLog): void {
    if (node.pending.length === 0) return;
    fs.appendFileSync(path.join(node.folder, 'events.log'), `${node.pending.join('\n')}\n`);
    node.pending = [];
  }

  function rotate(node: NodeLog, atMs: number): void {
    flush(node);
    const backup = path.join(node.folder, `events-${backupTimestamp(atMs)}.log`);
    fs.renameSync(path.join(node.folder, 'events.log'), backup);
    node.backups.push(backup);
    node.size = 0;
  }
}

/** A line of another kind Hubble writes to the same file. */
function otherLine(random: Random, cluster: VarietyCluster, node: string, moment: Moment): { name: string; body: Record<string, unknown> } {
  const roll = random.float();
  if (roll < 0.15) return { name: 'node_status', body: { node_status: { state_change: random.pick(['NODE_CONNECTED', 'NODE_UNAVAILABLE']), node_names: [node], message: 'connected' } } };
  if (roll < 0.35) return { name: 'lost_events', body: { lost_events: { source: 'PERF_EVENT_RING_BUFFER', num_events_lost: String(random.between(1, 5000)), cpu: { value: random.int(8) } } } };
  if (roll < 0.85) {
    const pod = cluster.pod();
    const type = random.pick(['ENDPOINT_CREATED', 'ENDPOINT_DELETED', 'IPCACHE_UPSERTED', 'SERVICE_UPSERTED']);
    const detail = type.startsWith('ENDPOINT')
      ? { endpoint_update: { id: pod.endpointId, labels: pod.labels, pod_name: pod.name, namespace: pod.namespace } }
      : type === 'IPCACHE_UPSERTED'
        ? { ipcache_update: { cidr: `${pod.ip}/32`, identity: pod.identity, host_ip: `10.224.0.${pod.node + 4}`, namespace: pod.namespace, pod_name: pod.name } }
        : { service_upsert: { id: random.between(1, 300), frontend_address: { ip: `10.0.${random.int(256)}.${random.int(256)}`, port: pod.workload.port }, type: 'ClusterIP', name: pod.workload.name, namespace: pod.namespace } };
    return { name: 'agent_event', body: { agent_event: { type, ...detail } } };
  }
  return {
    name: 'debug_event',
    body: { debug_event: { type: 'DBG_CT_VERDICT', source: { ID: random.between(1, 4095), identity: random.between(10_000, 11_000) }, hash: random.uint32(), arg1: random.int(3), cpu: { value: random.int(8) }, message: `CT verdict: Established, revnat=0 at ${moment.seconds}` } },
  };
}

/** A line no flow can be read from. */
function badLine(random: Random, previous: string): string {
  const roll = random.float();
  // A line cut short (its writer was killed mid-line).
  if (roll < 0.3) return previous.slice(0, random.between(10, Math.max(11, previous.length - 10)));
  if (roll < 0.5) return `level=warning msg="Unable to update ipcache map entry on pod add" error="no such file" subsys=hubble`;
  if (roll < 0.65) return `{"unexpected":true,"count":${random.int(100)}}`;
  if (roll < 0.8) return `{"flow":{"verdict":"FORWARDED","time":${random.int(1e9)}},"node_name":"x"}`;
  if (roll < 0.9) return '\u0000\u0000\u0000\u0000';
  return '[1,2,3]';
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}
