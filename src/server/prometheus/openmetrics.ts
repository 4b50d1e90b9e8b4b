/**
 * Samples as OpenMetrics text lines with a timestamp, the input of `promtool tsdb
 * create-blocks-from openmetrics`. promtool needs no TYPE or HELP lines (blocks keep no metadata;
 * Prometheus learns it from the live scrape), and a family may appear again further down with later
 * timestamps: each series' samples must only come in time order.
 */

type Labels = Partial<Record<string, string | number>>;

/** What prom-client's `registry.getMetricsAsJSON()` gives: histograms name each sample (`_bucket`, `_sum`, `_count`). */
export interface MetricFamily {
  name: string;
  values: readonly { value: number; labels: Labels; metricName?: string }[];
}

const NEEDS_ESCAPE = /[\\"\n]/;

/** OpenMetrics escapes backslash, double quote and line feed in label values. */
function labelValue(value: string | number): string {
  const text = String(value);
  return NEEDS_ESCAPE.test(text) ? text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : text;
}

function sampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/**
 * Writes registry snapshots as timestamped lines. `targetLabels` are what Prometheus adds to a
 * scraped series (job, instance), added only where the series does not set them (`honor_labels:
 * true`), so the history joins the series the live scrape goes on with.
 */
export class OpenMetricsWriter {
  /** prom-client hands out the same label object for a series on every snapshot: its text is made once. */
  private readonly labelTexts = new WeakMap<Labels, string>();

  constructor(private readonly targetLabels: Readonly<Record<string, string>>) {}

  /** One line per sample of `families` at `atMs`. */
  lines(families: readonly MetricFamily[], atMs: number): string {
    const timestamp = (atMs / 1000).toFixed(3);
    let text = '';
    for (const family of families) {
      for (const sample of family.values) {
        text += `${sample.metricName ?? family.name}{${this.labelText(sample.labels)}} ${sampleValue(sample.value)} ${timestamp}\n`;
      }
    }
    return text;
  }

  private labelText(labels: Labels): string {
    let text = this.labelTexts.get(labels);
    if (text !== undefined) return text;
    text = '';
    for (const name in this.targetLabels) if (labels[name] === undefined) text += `${name}="${labelValue(this.targetLabels[name] ?? '')}",`;
    for (const name in labels) {
      const value = labels[name];
      if (value !== undefined) text += `${name}="${labelValue(value)}",`;
    }
    text = text.slice(0, -1);
    this.labelTexts.set(labels, text);
    return text;
  }
}

/** The end of an OpenMetrics exposition; promtool refuses a file without it. */
export const OPENMETRICS_EOF = '# EOF\n';
