import type { Flow } from '../../shared/flow.ts';
import { buildCluster, type DemoCluster } from './cluster.ts';
import { ConversationRecorder } from './conversations.ts';
import { TimeFormatter, type DemoLine } from './flows.ts';
import { Random, WeightedPicker } from './random.ts';
import { buildRoutes } from './traffic.ts';

export interface DemoTrafficOptions {
  seed: number;
  /** Time of the first conversation, milliseconds since the epoch. */
  startMs: number;
  /** Average lines per second of flow time. */
  flowsPerSecond: number;
  /** Total workloads; above the shop's 15 adds synthetic ones (large-graph tests). */
  workloads?: number;
}

export interface DemoTraffic {
  /** The next exporter line; times never decrease. Objects are shared: treat them as read-only. */
  next(): DemoLine;
  /** Time of the line `next()` returns next, in milliseconds (fraction = sub-millisecond). */
  peekTimeMs(): number;
  readonly cluster: DemoCluster;
}

interface Pending {
  atNs: number;
  order: number;
  flow: Flow;
}

/** A binary min-heap on (time, insertion order), so equal times come out in a fixed order. */
class PendingQueue {
  private readonly items: Pending[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Pending | undefined {
    return this.items[0];
  }

  private before(a: Pending, b: Pending): boolean {
    return a.atNs < b.atNs || (a.atNs === b.atNs && a.order < b.order);
  }

  push(item: Pending): void {
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentItem = items[parent] as Pending;
      if (!this.before(item, parentItem)) break;
      items[index] = parentItem;
      index = parent;
    }
    items[index] = item;
  }

  pop(): Pending | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && this.before(items[right] as Pending, items[left] as Pending) ? right : left;
      const childItem = items[child] as Pending;
      if (!this.before(childItem, last)) break;
      items[index] = childItem;
      index = child;
    }
    items[index] = last;
    return top;
  }
}

/**
 * The demo's traffic: conversations start as a random arrival process whose mean gap keeps the
 * line rate at flowsPerSecond; their flows (spread over microseconds to seconds) go through a
 * queue so lines come out in time order. Same (seed, startMs, flowsPerSecond, workloads) → same lines.
 */
export function createDemoTraffic(options: DemoTrafficOptions): DemoTraffic {
  if (!(options.flowsPerSecond > 0)) throw new Error('flowsPerSecond must be more than 0');
  const cluster = buildCluster(options.workloads);
  const routes = buildRoutes(cluster);
  // Routes of a later deployment join at their time; until then the picks are what they were without them.
  const fromStart = routes.filter((route) => route.fromMs === undefined);
  const changeNs = Math.min(...routes.map((route) => (route.fromMs ?? Infinity) * 1e6));
  const pickers = { fromStart: new WeightedPicker(fromStart.map((route) => route.weight)), all: new WeightedPicker(routes.map((route) => route.weight)) };
  const random = new Random(options.seed);
  const recorder = new ConversationRecorder(random);
  const queue = new PendingQueue();
  const formatter = new TimeFormatter();
  const startMs = Math.floor(options.startMs);
  const nsPerFlow = 1e9 / options.flowsPerSecond;
  let nextConversationNs = 0;
  let order = 0;

  const startConversation = (): void => {
    const route = nextConversationNs < changeNs ? fromStart[pickers.fromStart.pick(random)] : routes[pickers.all.pick(random)];
    if (!route) return;
    route.run(random, recorder);
    const flows = recorder.take();
    for (const { offsetNs, flow } of flows) queue.push({ atNs: nextConversationNs + Math.round(offsetNs), order: order++, flow });
    nextConversationNs += Math.round(random.exponential(Math.max(1, flows.length) * nsPerFlow));
  };

  // Lines at or before the next conversation's start can no longer be overtaken.
  const ready = (): Pending => {
    for (;;) {
      const head = queue.peek();
      if (head && head.atNs <= nextConversationNs) return head;
      startConversation();
    }
  };

  return {
    cluster,
    peekTimeMs() {
      return startMs + ready().atNs / 1e6;
    },
    next() {
      ready();
      const { atNs, flow } = queue.pop() as Pending;
      const wholeMs = Math.floor(atNs / 1e6);
      const time = formatter.format(startMs + wholeMs, atNs - wholeMs * 1e6);
      flow.time = time;
      return { flow, node_name: flow.node_name ?? '', time };
    },
  };
}
