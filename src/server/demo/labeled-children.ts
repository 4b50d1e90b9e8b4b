import { Gauge, type Counter, type GaugeConfiguration, type Histogram } from 'prom-client';

/**
 * prom-client hashes the label set on every `inc`; the demo counts ~10 series a flow and backfills
 * tens of thousands of flows at start, so each label set's child is looked up once and kept.
 */
type Labels = Record<string, string>;

function keyOf(labels: Labels): string {
  let key = '';
  for (const name in labels) key += `${name}\u0001${labels[name]}\u0002`;
  return key;
}

function cached<T>(make: (labels: Labels) => T): (labels: Labels) => T {
  const children = new Map<string, T>();
  return (labels) => {
    const key = keyOf(labels);
    let child = children.get(key);
    if (child === undefined) {
      child = make(labels);
      children.set(key, child);
    }
    return child;
  };
}

export interface FastCounter {
  inc(labels: Labels, value?: number): void;
}

export interface FastGauge extends FastCounter {
  set(labels: Labels, value: number): void;
  /** `inc` for a shared, unchanging context label set (cached by identity) plus a few own labels. */
  incIn(context: Labels, labels: Labels, value?: number): void;
}

const contextKeys = new WeakMap<Labels, string>();
function contextKey(context: Labels): string {
  let key = contextKeys.get(context);
  if (key === undefined) {
    key = keyOf(context);
    contextKeys.set(context, key);
  }
  return key;
}

export interface FastHistogram {
  observe(labels: Labels, value: number): void;
}

export function fastCounter(counter: Counter): FastCounter {
  const child = cached((labels) => counter.labels(labels));
  return { inc: (labels, value = 1) => child(labels).inc(value) };
}

/** prom-client's gauge children hash on every call too; these values live here and reach the gauge at scrape time. */
export function fastGauge(config: GaugeConfiguration<string>): FastGauge {
  const values = new Map<string, { labels: Labels; value: number }>();
  const entry = (labels: Labels, context?: Labels) => {
    const key = context ? keyOf(labels) + contextKey(context) : keyOf(labels);
    let found = values.get(key);
    if (!found) {
      found = { labels: context ? { ...labels, ...context } : labels, value: 0 };
      values.set(key, found);
    }
    return found;
  };
  new Gauge({
    ...config,
    collect() {
      for (const { labels, value } of values.values()) this.set(labels, value);
    },
  });
  return {
    inc: (labels, value = 1) => {
      entry(labels).value += value;
    },
    set: (labels, value) => {
      entry(labels).value = value;
    },
    incIn: (context, labels, value = 1) => {
      entry(labels, context).value += value;
    },
  };
}

export function fastHistogram(histogram: Histogram): FastHistogram {
  const child = cached((labels) => histogram.labels(labels));
  return { observe: (labels, value) => child(labels).observe(value) };
}
