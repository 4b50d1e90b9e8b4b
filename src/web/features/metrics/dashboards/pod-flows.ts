import { eq, hubbleOn, rate, retinaOn, sumBy } from './expr.ts';
import { HUBBLE, RETINA } from './metric-names.ts';
import { RETINA_CONTEXT, withWorkloadLabel, type Side } from '../promql.ts';
import { flowParams, scopeTerms, type DashboardDef, type Labels, type PanelContext, type PanelDef } from '../panel-model.ts';

/**
 * Pod flows: traffic of a namespace broken down by workload, or of a workload by pod (whichever
 * the variables pick), each way — egress where the chosen pods send, ingress where they receive.
 */

const words = { source: 'Egress', destination: 'Ingress' } as const;
const prefix = (side: Side) => (side === 'source' ? 'from-' : 'to-');

/** By pod once a workload or pod is chosen, else by workload. */
function breakdown(ctx: PanelContext, side: Side, expr: string): { expr: string; legend: string } {
  if (ctx.scope.workload || ctx.scope.pod) return { expr: sumBy([side], expr), legend: `{{${side}}}` };
  return { expr: sumBy(['workload'], withWorkloadLabel(expr, side)), legend: '{{workload}}' };
}

function breakdownFlows(ctx: PanelContext, side: Side, labels: Labels | undefined): URLSearchParams {
  const pod = labels?.[side];
  if (pod) return flowParams([[`${prefix(side)}pod`, pod]]);
  if (labels?.workload && ctx.scope.namespace) return flowParams([[`${prefix(side)}namespace`, ctx.scope.namespace], [`${prefix(side)}workload`, labels.workload]]);
  return flowParams(scopeTerms(ctx.scope, side));
}

function hubbleSide(side: Side): PanelDef[] {
  return [
    {
      id: `${side}-by-verdict`,
      title: `${words[side]} flows by verdict`,
      description: side === 'source' ? 'Flows per second the chosen pods sent: forwarded and dropped.' : 'Flows per second the chosen pods received: forwarded and dropped.',
      kind: 'timeseries',
      unit: 'per-second',
      requires: [HUBBLE.flows],
      stacked: true,
      colorByVerdict: true,
      queries: (ctx) => [{ expr: sumBy(['verdict'], rate(HUBBLE.flows, hubbleOn(ctx, side), ctx)), legend: '{{verdict}}' }],
      flows: (ctx, labels) => flowParams([['verdict', labels?.verdict]], scopeTerms(ctx.scope, side)),
    },
    {
      id: `${side}-breakdown`,
      title: `${words[side]} flows by workload or pod`,
      description: 'Flows per second for each workload of the namespace, or each pod of the chosen workload.',
      kind: 'timeseries',
      unit: 'per-second',
      requires: [HUBBLE.flows],
      queries: (ctx) => [breakdown(ctx, side, rate(HUBBLE.flows, hubbleOn(ctx, side), ctx))],
      flows: (ctx, labels) => breakdownFlows(ctx, side, labels),
    },
    {
      id: `${side}-dropped-breakdown`,
      title: `${words[side]} drops by workload or pod`,
      description: 'Dropped flows per second for each workload, or each pod of the chosen workload.',
      kind: 'timeseries',
      unit: 'per-second',
      requires: [HUBBLE.flows],
      queries: (ctx) => [breakdown(ctx, side, rate(HUBBLE.flows, hubbleOn(ctx, side, eq('verdict', 'DROPPED')), ctx))],
      flows: (ctx, labels) => {
        const params = breakdownFlows(ctx, side, labels);
        params.append('verdict', 'DROPPED');
        return params;
      },
    },
  ];
}

function retinaSide(side: Side): PanelDef[] {
  const direction = side === 'source' ? 'egress' : 'ingress';
  const workloadLabel = RETINA_CONTEXT.workload(side);
  const podLabel = RETINA_CONTEXT.pod(side);
  return [
    {
      id: `retina-${side}-breakdown`,
      title: `${words[side]} packets by workload or pod (Retina)`,
      description: 'Packets per second forwarded, for each workload, or each pod of the chosen workload.',
      kind: 'timeseries',
      unit: 'per-second',
      requires: [RETINA.advForward],
      queries: (ctx) => {
        const label = ctx.scope.workload || ctx.scope.pod ? podLabel : workloadLabel;
        return [{ expr: sumBy([label], rate(RETINA.advForward, retinaOn(ctx, side, eq('direction', direction)), ctx)), legend: `{{${label}}}` }];
      },
      flows: (ctx) => flowParams(scopeTerms(ctx.scope, side)),
    },
    {
      id: `retina-${side}-drops`,
      title: `${words[side]} dropped packets by reason (Retina)`,
      description: 'Packets per second dropped, by reason.',
      kind: 'timeseries',
      unit: 'per-second',
      requires: [RETINA.advDrop],
      stacked: true,
      queries: (ctx) => [{ expr: sumBy(['reason'], rate(RETINA.advDrop, retinaOn(ctx, side), ctx)), legend: '{{reason}}' }],
      flows: (ctx) => flowParams([['verdict', 'DROPPED']], scopeTerms(ctx.scope, side)),
    },
  ];
}

const tcpResets: PanelDef = {
  id: 'tcp-resets',
  title: 'TCP resets',
  description: 'RST packets per second sent and received by the chosen pods; a burst means refused or torn-down connections.',
  kind: 'timeseries',
  unit: 'per-second',
  requires: [HUBBLE.tcpFlags],
  queries: (ctx) => [
    { expr: sumBy([], rate(HUBBLE.tcpFlags, hubbleOn(ctx, 'source', eq('flag', 'RST')), ctx)), legend: 'sent' },
    { expr: sumBy([], rate(HUBBLE.tcpFlags, hubbleOn(ctx, 'destination', eq('flag', 'RST')), ctx)), legend: 'received' },
  ],
};

const retinaResets: PanelDef = {
  id: 'retina-tcp-resets',
  title: 'TCP resets (Retina)',
  description: 'RST packets per second sent and received by the chosen pods.',
  kind: 'timeseries',
  unit: 'per-second',
  requires: [RETINA.advTcpFlags],
  queries: (ctx) => [
    { expr: sumBy([], rate(RETINA.advTcpFlags, retinaOn(ctx, 'source', eq('flag', 'RST')), ctx)), legend: 'sent' },
    { expr: sumBy([], rate(RETINA.advTcpFlags, retinaOn(ctx, 'destination', eq('flag', 'RST')), ctx)), legend: 'received' },
  ],
};

export const podFlowsDashboard: DashboardDef = {
  id: 'pod-flows',
  title: 'Pod flows',
  description: 'Ingress and egress of a namespace by workload, or of a workload by pod: forwarded, dropped and TCP resets.',
  needs: 'namespace',
  panels: [...hubbleSide('source'), ...hubbleSide('destination'), tcpResets, ...retinaSide('source'), ...retinaSide('destination'), retinaResets],
};
