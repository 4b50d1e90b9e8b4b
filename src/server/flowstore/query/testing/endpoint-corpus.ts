import { compileFilter, matchesFacts, type CompiledFilter } from '../../../../shared/filter/compile.ts';
import { parseFilterText } from '../../../../shared/filter/text.ts';
import type { FlowFacts } from '../../../../shared/flow-facts.ts';
import type { FlowRecord } from '../../../../shared/flow.ts';
import { FlowIndex } from '../../index/flow-index.ts';
import { randomFlows, START_MS } from '../../testing/random-flows.ts';
import { parsedBatches, type ParsedBatch } from './parsed-batches.ts';

/**
 * Test support for the endpoint aggregations: an index of several chunks built from random flows
 * and endpoints the random ones never have, each row with the facts of its flow for brute force.
 * A batch is appended again and again with its times moved an hour on each time, so chunks cover
 * distinct spans and a time bound can fall inside any of them. Batches of 4,096 rows fill chunks
 * exactly, so no batch straddles two chunks.
 */
const BATCH_ROWS = 4096;

const T = '2026-11-20T10:00:00Z';
const pod = (namespace: string, name: string, workload?: string) => ({ namespace, pod_name: name, identity: 5000, ...(workload ? { workloads: [{ name: workload, kind: 'Deployment' }] } : {}) });

/** Ends the random flows lack: no workload, no pod, a pod changing workload, world by label, reserved identities… */
const TRICKY: FlowRecord[] = [
  { flow: { time: T, source: pod('shop', 'cart-0', 'cart'), destination: pod('shop', 'redis-0', 'redis'), IP: { source: '10.244.0.1', destination: '10.244.0.2' }, l4: { TCP: { source_port: 41000, destination_port: 6379 } } } },
  { flow: { time: T, source: pod('shop', 'cart-0', 'cart-v2'), destination: pod('shop', 'redis-0', 'redis'), IP: { source: '10.244.0.1', destination: '10.244.0.2' }, l4: { TCP: { source_port: 41001, destination_port: 6379 } } } },
  { flow: { time: T, source: { namespace: 'shop', pod_name: 'debug-shell', identity: 5001 }, destination: { identity: 0, labels: ['reserved:world'] }, destination_names: ['login.example.com'], IP: { source: '10.244.0.9', destination: '1.1.1.1' }, l4: { TCP: { source_port: 40000, destination_port: 443 } } } },
  { flow: { time: T, source: { namespace: 'shop', identity: 5002 }, destination: { identity: 16777217, labels: ['cidr:1.2.3.0/24', 'reserved:world'] }, IP: { source: '10.244.0.10', destination: '1.2.3.4' }, l4: { UDP: { source_port: 5000, destination_port: 123 } } } },
  { flow: { time: T, source: { namespace: 'shop', identity: 5002 }, destination: { identity: 16777217, labels: ['cidr:1.2.3.0/24', 'reserved:world'] }, IP: { source: '10.244.0.11', destination: '1.2.3.4' }, verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENIED' } },
  { flow: { time: T, source: { namespace: 'batch', workloads: [{ name: 'nightly', kind: 'CronJob' }], identity: 5003 }, destination: pod('data', 'kafka-0', 'kafka'), IP: { source: '10.244.5.1', destination: '10.244.5.2' }, l4: { TCP: { source_port: 42000, destination_port: 9092 } } } },
  { flow: { time: T, source: { namespace: 'batch', workloads: [{ name: 'nightly', kind: 'CronJob' }], identity: 5003 }, destination: pod('data', 'kafka-0', 'kafka'), IP: { source: '10.244.5.9', destination: '10.244.5.2' }, l4: { TCP: { source_port: 42001, destination_port: 9092 } } } },
  { flow: { time: T, source: { identity: 9 }, destination: { namespace: 'shop-staging', pod_name: 'cart-1', workloads: [{ name: 'cart', kind: 'Deployment' }] }, IP: { source: '8.8.4.4', destination: '10.244.3.3' }, is_reply: true, verdict: 'DROPPED' } },
  { flow: { time: T, source: { identity: 2, labels: ['reserved:world'] }, destination: pod('shop', 'frontend-0', 'frontend'), source_names: ['a.example'], IP: { source: '5.5.5.5', destination: '10.244.0.3' }, l4: { TCP: { source_port: 50000, destination_port: 80 } } } },
  { flow: { time: T, source: { identity: 2, labels: ['reserved:world'] }, destination: pod('shop', 'frontend-0', 'frontend'), source_names: ['b.example'], IP: { source: '5.5.5.5', destination: '10.244.0.3' }, l4: { TCP: { source_port: 50001, destination_port: 80 } } } },
  { flow: { time: T, source: { pod_name: 'ghost', identity: 2 }, destination: { identity: 1 }, IP: { source: '6.6.6.6', destination: '10.0.0.1' } } },
  { flow: { time: T, source: pod('shop', 'cart-0', 'cart'), destination: { namespace: 'shop', pod_name: 'egress-0', identity: 2 }, destination_names: ['egress.example'], IP: { source: '10.244.0.1', destination: '10.244.9.9' }, l4: { TCP: { source_port: 43000, destination_port: 443 } } } },
  { flow: { time: T, source: pod('shop', 'cart-0', 'cart'), destination: { namespace: 'shop', pod_name: 'egress-0', identity: 2 }, IP: { source: '10.244.0.1', destination: '10.244.9.8' }, l4: { TCP: { source_port: 43001, destination_port: 443 } } } },
  { flow: { time: T, source: { labels: ['reserved:kube-apiserver', 'reserved:host'] }, destination: {}, IP: { source: '20.61.88.12' } } },
  { flow: { time: T, source: { identity: 4 }, destination: { identity: 6 }, IP: { source: '10.0.0.1', destination: '10.0.0.2' }, l7: { type: 'RESPONSE', dns: { rcode: 2 } }, is_reply: true } },
  // Dual stack: the world is world-ipv4 and world-ipv6.
  { flow: { time: T, source: pod('shop', 'cart-0', 'cart'), destination: { identity: 9, labels: ['reserved:world-ipv4'] }, destination_names: ['v4.example'], IP: { source: '10.244.0.1', destination: '93.184.216.34' }, l4: { TCP: { source_port: 44000, destination_port: 443 } } } },
  { flow: { time: T, source: pod('shop', 'cart-0', 'cart'), destination: { identity: 10, labels: ['reserved:world-ipv6'] }, IP: { source: 'fd00::1', destination: '2606:2800:220:1::1' }, l4: { TCP: { source_port: 44001, destination_port: 443 } } } },
  { flow: { time: T, source: { identity: 10, labels: ['reserved:world-ipv6'] }, destination: pod('shop', 'frontend-0', 'frontend'), IP: { source: '2001:db8::7', destination: 'fd00::3' }, l4: { TCP: { source_port: 50002, destination_port: 80 } } } },
];

/** Random flows with the tricky ones mixed in every few rows, so per-row shortcuts meet them interleaved. */
function records(count: number, seed: number): FlowRecord[] {
  const result: FlowRecord[] = [];
  for (const [i, record] of randomFlows(count, seed).entries()) {
    result.push(record);
    if (i % 7 === 0) {
      const tricky = TRICKY[(i / 7) % TRICKY.length]!;
      result.push({ ...tricky, flow: { ...tricky.flow, time: record.flow.time } });
    }
  }
  return result;
}

const HOUR_MS = 3_600_000;

/** Random flows enough for sixteen distinct batches: a whole chunk without a repeated flow. */
const CHURNING_RECORDS = 58_000;

type Batch = ParsedBatch;

const batchesOf = (records: FlowRecord[]): Batch[] => parsedBatches(records, BATCH_ROWS);

export class EndpointCorpus {
  readonly index: FlowIndex;
  /** Facts per global row number (with the row's moved time). */
  readonly facts: FlowFacts[] = [];
  private readonly batches: Batch[];
  private churningBatches: Batch[] | null = null;
  private copies = 0;

  constructor(
    maxFlows: number,
    private readonly seed = 7,
  ) {
    this.index = new FlowIndex(maxFlows);
    this.batches = batchesOf(records(12_000, seed));
  }

  /** Appends at least `rows` rows: whole batches, each copy an hour later than the one before. */
  add(rows: number): this {
    return this.addFrom(this.batches, rows);
  }

  /**
   * Appends at least `rows` rows of a cluster that churns: a chunk's worth of distinct flows
   * before any repeats, so a full chunk of them has nearly a class per row (row-classes.ts keeps
   * such a chunk's classes as its rows).
   */
  addChurning(rows: number): this {
    this.churningBatches ??= batchesOf(records(CHURNING_RECORDS, this.seed + 1));
    return this.addFrom(this.churningBatches, rows);
  }

  private addFrom(batches: readonly Batch[], rows: number): this {
    for (let added = 0; added < rows; ) {
      const { batch, facts } = batches[this.copies % batches.length]!;
      const shift = this.copies * HOUR_MS;
      this.copies++;
      this.index.append({ ...batch, time: batch.time.map((t) => t + shift) });
      for (const fact of facts) this.facts.push({ ...fact, timeMs: fact.timeMs + shift });
      added += batch.count;
    }
    return this;
  }

  /** Facts of the live rows (not evicted), oldest first. */
  live(): FlowFacts[] {
    return this.facts.slice(this.index.liveFrom);
  }

  /** A filter in the text form users type; `@h` in it stands for START_MS + h hours (e.g. since=@30.5). */
  static compile(text: string): CompiledFilter {
    const expanded = text.replace(/@([\d.]+)/g, (_, hours: string) => new Date(START_MS + Number(hours) * HOUR_MS).toISOString());
    const compiled = compileFilter(parseFilterText(expanded).filter, START_MS + 1000 * HOUR_MS);
    if ('message' in compiled) throw new Error(compiled.message);
    return compiled;
  }

  matching(compiled: CompiledFilter): FlowFacts[] {
    return this.live().filter((fact) => matchesFacts(compiled, fact));
  }
}
