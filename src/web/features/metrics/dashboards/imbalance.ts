import { eq, hubbleOn, rate, retinaOn, sumBy } from './expr.ts';
import { HUBBLE, RETINA } from './metric-names.ts';
import { RETINA_CONTEXT } from '../promql.ts';
import { flowParams, scopeTerms, type DashboardDef, type PanelDef } from '../panel-model.ts';

/**
 * Traffic imbalance: how incoming traffic spreads over the pods of one workload. Even load gives
 * each of n pods 1/n; one pod far above that (a sticky client, a broken readiness probe on the
 * others, a hash hot spot) shows up here before its latency does.
 */

const perPod = (inner: string, podLabel: string) => sumBy([podLabel], inner);
const shareExpr = (inner: string, podLabel: string) => `${perPod(inner, podLabel)} / ignoring(${podLabel}) group_left() ${sumBy([], inner)}`;
const spreadExpr = (inner: string, podLabel: string) => `max(${perPod(inner, podLabel)}) / avg(${perPod(inner, podLabel)})`;

const hubblePanels: PanelDef[] = [
  {
    id: 'ingress-share',
    title: 'Share of incoming flows per pod',
    description: 'Each pod’s part of the workload’s incoming flows; with n healthy pods each sits near 1/n.',
    kind: 'timeseries',
    unit: 'ratio',
    requires: [HUBBLE.flows],
    queries: (ctx) => [{ expr: shareExpr(rate(HUBBLE.flows, hubbleOn(ctx, 'destination'), ctx), 'destination'), legend: '{{destination}}' }],
    flows: (ctx, labels) => (labels?.destination ? flowParams([['to-pod', labels.destination]]) : flowParams(scopeTerms(ctx.scope, 'destination'))),
  },
  {
    id: 'ingress-spread',
    title: 'Busiest pod ÷ average pod',
    description: '1 means even; 2 means the busiest pod takes twice its fair share of incoming flows.',
    kind: 'timeseries',
    unit: 'count',
    requires: [HUBBLE.flows],
    queries: (ctx) => [{ expr: spreadExpr(rate(HUBBLE.flows, hubbleOn(ctx, 'destination'), ctx), 'destination'), legend: 'busiest ÷ average' }],
    flows: (ctx) => flowParams(scopeTerms(ctx.scope, 'destination')),
  },
  {
    id: 'egress-share',
    title: 'Share of outgoing flows per pod',
    description: 'Each pod’s part of the workload’s outgoing flows.',
    kind: 'timeseries',
    unit: 'ratio',
    requires: [HUBBLE.flows],
    queries: (ctx) => [{ expr: shareExpr(rate(HUBBLE.flows, hubbleOn(ctx, 'source'), ctx), 'source'), legend: '{{source}}' }],
    flows: (ctx, labels) => (labels?.source ? flowParams([['from-pod', labels.source]]) : flowParams(scopeTerms(ctx.scope, 'source'))),
  },
];

const retinaPod = RETINA_CONTEXT.pod('destination');
const retinaPanels: PanelDef[] = [
  {
    id: 'retina-ingress-share',
    title: 'Share of incoming packets per pod (Retina)',
    description: 'Each pod’s part of the workload’s incoming packets.',
    kind: 'timeseries',
    unit: 'ratio',
    requires: [RETINA.advForward],
    queries: (ctx) => [{ expr: shareExpr(rate(RETINA.advForward, retinaOn(ctx, 'destination', eq('direction', 'ingress')), ctx), retinaPod), legend: `{{${retinaPod}}}` }],
    flows: (ctx) => flowParams(scopeTerms(ctx.scope, 'destination')),
  },
];

export const imbalanceDashboard: DashboardDef = {
  id: 'imbalance',
  title: 'Imbalance',
  description: 'How traffic spreads over the pods of one workload.',
  needs: 'workload',
  panels: [...hubblePanels, ...retinaPanels],
};
