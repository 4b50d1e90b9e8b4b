import { hubbleOn, increaseOverRange, rate, retinaOn, sumBy, topk } from './expr.ts';
import { HUBBLE, RETINA } from './metric-names.ts';
import { RETINA_CONTEXT, withNamespaceLabel, type Side } from '../promql.ts';
import { flowParams, scopeTerms, type DashboardDef, type Labels, type PanelContext, type PanelDef } from '../panel-model.ts';

/** Drops: what is dropped, why, and between which namespaces and pods. */

const dropFlows = (ctx: PanelContext, side: Side, ...terms: [string, string | undefined][]) =>
  flowParams([['verdict', 'DROPPED'], ...terms], scopeTerms(ctx.scope, side));

/** `shop/checkout-abc-12345` → `from-pod=shop/checkout-abc-12345` (or `to-`). */
const podTerm = (side: Side, labels: Labels | undefined): [string, string | undefined] => [side === 'source' ? 'from-pod' : 'to-pod', labels?.[side]];

const sideWords = { source: { dir: 'outgoing', of: 'sender' }, destination: { dir: 'incoming', of: 'receiver' } } as const;

function hubbleSidePanels(side: Side): PanelDef[] {
  const words = sideWords[side];
  const nsPrefix = side === 'source' ? 'from-namespace' : 'to-namespace';
  return [
    {
      id: `drops-${words.dir}-by-reason`,
      title: `Drops by reason (${words.dir})`,
      description: `Packets per second dropped, where the chosen pods are the ${words.of}.`,
      kind: 'timeseries',
      unit: 'per-second',
      requires: [HUBBLE.drops],
      stacked: true,
      queries: (ctx) => [{ expr: sumBy(['reason'], rate(HUBBLE.drops, hubbleOn(ctx, side), ctx)), legend: '{{reason}}' }],
      flows: (ctx, labels) => dropFlows(ctx, side, ['drop-reason-desc', labels?.reason]),
    },
    {
      id: `drops-${words.dir}-by-namespace`,
      title: `Drops by ${words.of} namespace`,
      description: `Dropped packets per second, by the ${words.of}’s namespace.`,
      kind: 'timeseries',
      unit: 'per-second',
      requires: [HUBBLE.drops],
      queries: (ctx) => [{ expr: sumBy(['namespace'], withNamespaceLabel(rate(HUBBLE.drops, hubbleOn(ctx, side), ctx), side)), legend: '{{namespace}}' }],
      flows: (ctx, labels) => (labels?.namespace ? flowParams([['verdict', 'DROPPED'], [nsPrefix, labels.namespace]]) : dropFlows(ctx, side)),
    },
    {
      id: `drops-${words.dir}-top-pods`,
      title: `Top dropped ${words.of} pods`,
      description: `Pods whose ${words.dir} packets were dropped most over the range, with the reason.`,
      kind: 'top',
      unit: 'count',
      requires: [HUBBLE.drops],
      queries: (ctx) => [{ expr: topk(10, sumBy([side, 'reason'], increaseOverRange(HUBBLE.drops, hubbleOn(ctx, side), ctx))), legend: `{{${side}}} {{reason}}` }],
      flows: (ctx, labels) => (labels ? flowParams([['verdict', 'DROPPED'], podTerm(side, labels), ['drop-reason-desc', labels.reason]]) : dropFlows(ctx, side)),
    },
  ];
}

function retinaSidePanels(side: Side): PanelDef[] {
  const words = sideWords[side];
  const namespaceLabel = RETINA_CONTEXT.namespace(side);
  const podLabel = RETINA_CONTEXT.pod(side);
  return [
    {
      id: `retina-drops-${words.dir}-by-reason`,
      title: `Dropped packets by reason (${words.dir}, Retina)`,
      description: `Packets per second dropped, where the chosen pods are the ${words.of}.`,
      kind: 'timeseries',
      unit: 'per-second',
      requires: [RETINA.advDrop],
      stacked: true,
      queries: (ctx) => [{ expr: sumBy(['reason'], rate(RETINA.advDrop, retinaOn(ctx, side), ctx)), legend: '{{reason}}' }],
      flows: (ctx) => dropFlows(ctx, side),
    },
    {
      id: `retina-drops-${words.dir}-top-pods`,
      title: `Top dropped ${words.of} pods (Retina)`,
      description: `Pods whose ${words.dir} packets were dropped most over the range.`,
      kind: 'top',
      unit: 'count',
      requires: [RETINA.advDrop],
      queries: (ctx) => [
        { expr: topk(10, sumBy([namespaceLabel, podLabel, 'reason'], increaseOverRange(RETINA.advDrop, retinaOn(ctx, side), ctx))), legend: `{{${namespaceLabel}}}/{{${podLabel}}} {{reason}}` },
      ],
      flows: (ctx, labels) => {
        const namespace = labels?.[namespaceLabel];
        const pod = labels?.[podLabel];
        if (!namespace || !pod) return dropFlows(ctx, side);
        return flowParams([['verdict', 'DROPPED'], [side === 'source' ? 'from-pod' : 'to-pod', `${namespace}/${pod}`]]);
      },
    },
  ];
}

export const dropsDashboard: DashboardDef = {
  id: 'drops',
  title: 'Drops',
  description: 'Dropped packets by reason, namespace and pod, split by whether the chosen pods sent or received them.',
  needs: 'none',
  panels: [...hubbleSidePanels('source'), ...hubbleSidePanels('destination'), ...retinaSidePanels('source'), ...retinaSidePanels('destination')],
};
