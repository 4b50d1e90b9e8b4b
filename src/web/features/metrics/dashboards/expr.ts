import { hubbleScope, retinaScope, selector, type Matcher, type Side } from '../promql.ts';
import type { PanelContext } from '../panel-model.ts';

/** Small PromQL builders shared by the dashboard definitions. */

export const rate = (metric: string, matchers: readonly Matcher[], ctx: PanelContext): string => `rate(${selector(metric, matchers)}[${ctx.rateWindow}])`;

/** Total over the whole chosen range, for "top" tables. */
export const increaseOverRange = (metric: string, matchers: readonly Matcher[], ctx: PanelContext): string =>
  `increase(${selector(metric, matchers)}[${ctx.range}])`;

export const sumBy = (labels: readonly string[], expr: string): string => (labels.length === 0 ? `sum(${expr})` : `sum by (${labels.join(', ')}) (${expr})`);

export const topk = (k: number, expr: string): string => `topk(${k}, ${expr})`;

/** Hubble series of the chosen namespace/workload/pod on one side, plus extra matchers. */
export const hubbleOn = (ctx: PanelContext, side: Side, ...extra: Matcher[]): Matcher[] => [...hubbleScope(ctx.scope, side), ...extra];

export const retinaOn = (ctx: PanelContext, side: Side, ...extra: Matcher[]): Matcher[] => [...retinaScope(ctx.scope, side), ...extra];

export const eq = (label: string, value: string): Matcher => ({ label, op: '=', value });
export const ne = (label: string, value: string): Matcher => ({ label, op: '!=', value });
export const re = (label: string, value: string): Matcher => ({ label, op: '=~', value });

/**
 * Share of `part` in `whole`, both unlabelled sums: no errors reads 0 (not "no data"), and a
 * range with no traffic at all stays empty rather than NaN.
 */
export const shareOf = (part: string, whole: string): string => `(${part} or vector(0)) / (${whole} > 0)`;

export const quantile = (q: number, bucketRate: string): string => `histogram_quantile(${q}, ${bucketRate})`;
