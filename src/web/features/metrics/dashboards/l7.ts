import { hubbleOn, quantile, rate, re, ne, shareOf, sumBy } from './expr.ts';
import { HUBBLE } from './metric-names.ts';
import { duration, selector } from '../promql.ts';
import { flowParams, scopeTerms, type DashboardDef, type PanelContext, type PanelDef } from '../panel-model.ts';

/**
 * L7: HTTP/gRPC and Kafka requests the chosen pods serve (they are the `destination`), with
 * error ratios, latency percentiles and a latency heatmap, plus policy verdicts on their traffic.
 */

const served = (ctx: PanelContext) => scopeTerms(ctx.scope, 'destination');
const httpFlows = (ctx: PanelContext, ...terms: [string, string | undefined][]) => flowParams([['protocol', 'http'], ...terms], served(ctx));
const kafkaFlows = (ctx: PanelContext, ...terms: [string, string | undefined][]) => flowParams([['protocol', 'kafka'], ...terms], served(ctx));

function latencyPanel(id: string, title: string, bucket: string, flows: PanelDef['flows']): PanelDef {
  return {
    id,
    title,
    description: 'Median, 95th and 99th percentile of request latency, from the histogram buckets.',
    kind: 'timeseries',
    unit: 'seconds',
    requires: [bucket],
    queries: (ctx) =>
      [0.5, 0.95, 0.99].map((q) => ({
        expr: quantile(q, sumBy(['le'], rate(bucket, hubbleOn(ctx, 'destination'), ctx))),
        legend: `p${Math.round(q * 100)}`,
      })),
    flows,
  };
}

function heatmapPanel(id: string, title: string, bucket: string, flows: PanelDef['flows']): PanelDef {
  return {
    id,
    title,
    description: 'Requests per latency bucket per step; a band moving up is a slowdown, a second band a slow subset.',
    kind: 'heatmap',
    unit: 'count',
    requires: [bucket],
    // Counted per step so each column holds that step's requests.
    queries: (ctx) => [{ expr: sumBy(['le'], `increase(${selector(bucket, hubbleOn(ctx, 'destination'))}[${duration(ctx.step)}])`), legend: '{{le}}' }],
    flows,
  };
}

const httpPanels: PanelDef[] = [
  {
    id: 'http-by-method',
    title: 'HTTP/gRPC requests by method',
    description: 'Requests per second the chosen pods served, by method.',
    kind: 'timeseries',
    unit: 'per-second',
    requires: [HUBBLE.httpRequests],
    stacked: true,
    queries: (ctx) => [{ expr: sumBy(['method'], rate(HUBBLE.httpRequests, hubbleOn(ctx, 'destination'), ctx)), legend: '{{method}}' }],
    flows: (ctx, labels) => httpFlows(ctx, ['http-method', labels?.method]),
  },
  {
    id: 'http-by-status',
    title: 'HTTP/gRPC responses by status',
    description: 'Responses per second, by status code.',
    kind: 'timeseries',
    unit: 'per-second',
    requires: [HUBBLE.httpRequests],
    stacked: true,
    queries: (ctx) => [{ expr: sumBy(['status'], rate(HUBBLE.httpRequests, hubbleOn(ctx, 'destination'), ctx)), legend: '{{status}}' }],
    flows: (ctx, labels) => httpFlows(ctx, ['http-status', labels?.status]),
  },
  {
    id: 'http-error-ratio',
    title: 'HTTP/gRPC error ratio',
    description: 'Share of responses with a 5xx status.',
    kind: 'timeseries',
    unit: 'ratio',
    requires: [HUBBLE.httpRequests],
    queries: (ctx) => [
      {
        expr: shareOf(
          sumBy([], rate(HUBBLE.httpRequests, hubbleOn(ctx, 'destination', re('status', '5..')), ctx)),
          sumBy([], rate(HUBBLE.httpRequests, hubbleOn(ctx, 'destination'), ctx)),
        ),
        legend: '5xx / all',
      },
    ],
    flows: (ctx) => httpFlows(ctx, ['http-status', '5+']),
  },
  latencyPanel('http-latency', 'HTTP/gRPC latency p50 / p95 / p99', HUBBLE.httpDuration, (ctx) => httpFlows(ctx)),
  heatmapPanel('http-latency-heatmap', 'HTTP/gRPC latency heatmap', HUBBLE.httpDuration, (ctx) => httpFlows(ctx)),
];

const kafkaPanels: PanelDef[] = [
  {
    id: 'kafka-by-topic',
    title: 'Kafka requests by topic',
    description: 'Kafka requests per second, by topic.',
    kind: 'timeseries',
    unit: 'per-second',
    requires: [HUBBLE.kafkaRequests],
    stacked: true,
    queries: (ctx) => [{ expr: sumBy(['topic'], rate(HUBBLE.kafkaRequests, hubbleOn(ctx, 'destination'), ctx)), legend: '{{topic}}' }],
    flows: (ctx, labels) => kafkaFlows(ctx, ['kafka-topic', labels?.topic]),
  },
  {
    id: 'kafka-errors',
    title: 'Kafka errors by topic and code',
    description: 'Kafka requests per second answered with a non-zero error code.',
    kind: 'timeseries',
    unit: 'per-second',
    requires: [HUBBLE.kafkaRequests],
    queries: (ctx) => [{ expr: sumBy(['topic', 'error_code'], rate(HUBBLE.kafkaRequests, hubbleOn(ctx, 'destination', ne('error_code', '0')), ctx)), legend: '{{topic}} error {{error_code}}' }],
    flows: (ctx, labels) => flowParams([['error', 'kafka'], ['kafka-topic', labels?.topic]], served(ctx)),
  },
  latencyPanel('kafka-latency', 'Kafka latency p50 / p95 / p99', HUBBLE.kafkaDuration, (ctx) => kafkaFlows(ctx)),
];

const policyPanel: PanelDef = {
  id: 'policy-verdicts',
  title: 'Policy verdicts',
  description: 'Network-policy decisions per second on traffic to the chosen pods: forwarded vs dropped.',
  kind: 'timeseries',
  unit: 'per-second',
  requires: [HUBBLE.policyVerdicts],
  stacked: true,
  colorByVerdict: true,
  queries: (ctx) => [{ expr: sumBy(['action'], rate(HUBBLE.policyVerdicts, hubbleOn(ctx, 'destination'), ctx)), legend: '{{action}}' }],
  flows: (ctx, labels) => flowParams([['type', 'policy-verdict'], ['verdict', labels?.action?.toUpperCase()]], served(ctx)),
};

export const l7Dashboard: DashboardDef = {
  id: 'l7',
  title: 'L7',
  description: 'HTTP/gRPC and Kafka requests served by the chosen namespace or workload, and policy verdicts on its traffic.',
  needs: 'namespace',
  panels: [...httpPanels, ...kafkaPanels, policyPanel],
};
