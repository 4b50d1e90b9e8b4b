import { hubbleOn, increaseOverRange, ne, rate, retinaOn, shareOf, sumBy, topk } from './expr.ts';
import { HUBBLE, RETINA } from './metric-names.ts';
import { flowParams, scopeTerms, type DashboardDef, type PanelContext } from '../panel-model.ts';

/**
 * DNS: queries, answers by response code, the error ratio and the names asked most. The variables
 * pick clients: the `source` of a query, the `destination` of its answer (Hubble labels each DNS
 * flow from its own direction; Retina's pod context does the same).
 */
const QUERY_SIDE = 'source';
const ANSWER_SIDE = 'destination';

/** Cilium labels rcodes with names of its own; the flow filter takes the usual mnemonics. */
const HUBBLE_RCODES: Record<string, string> = {
  'No Error': 'NOERROR',
  'Format Error': 'FORMERR',
  'Server Failure': 'SERVFAIL',
  'Non-Existent Domain': 'NXDOMAIN',
  'Not Implemented': 'NOTIMP',
  'Query Refused': 'REFUSED',
};
const HUBBLE_NO_ERROR = 'No Error';

function rcodeFilter(rcode: string | undefined): string | undefined {
  if (rcode === undefined) return undefined;
  return HUBBLE_RCODES[rcode] ?? (/^[A-Z]+$|^\d+$/.test(rcode) ? rcode : undefined);
}

const either = (ctx: PanelContext) => scopeTerms(ctx.scope, 'either');
const dnsFlows = (ctx: PanelContext, ...terms: [string, string | undefined][]) => flowParams([['protocol', 'dns'], ...terms], either(ctx));

export const dnsDashboard: DashboardDef = {
  id: 'dns',
  title: 'DNS',
  description: 'DNS queries and answers of the chosen clients (all pods when no namespace is chosen).',
  needs: 'none',
  panels: [
    {
      id: 'dns-queries',
      title: 'DNS queries by type',
      description: 'Queries per second, by record type asked.',
      kind: 'timeseries',
      unit: 'per-second',
      requires: [HUBBLE.dnsQueries],
      stacked: true,
      queries: (ctx) => [{ expr: sumBy(['qtypes'], rate(HUBBLE.dnsQueries, hubbleOn(ctx, QUERY_SIDE), ctx)), legend: '{{qtypes}}' }],
      flows: (ctx) => dnsFlows(ctx),
    },
    {
      id: 'dns-responses-by-rcode',
      title: 'DNS responses by rcode',
      description: 'Answers per second by response code; NXDOMAIN usually means a misspelt or missing name.',
      kind: 'timeseries',
      unit: 'per-second',
      requires: [HUBBLE.dnsResponses],
      stacked: true,
      queries: (ctx) => [{ expr: sumBy(['rcode'], rate(HUBBLE.dnsResponses, hubbleOn(ctx, ANSWER_SIDE), ctx)), legend: '{{rcode}}' }],
      flows: (ctx, labels) => dnsFlows(ctx, ['dns-rcode', rcodeFilter(labels?.rcode)]),
    },
    {
      id: 'dns-error-ratio',
      title: 'DNS error ratio',
      description: 'Share of answers with an error code (NXDOMAIN, SERVFAIL, REFUSED…).',
      kind: 'timeseries',
      unit: 'ratio',
      requires: [HUBBLE.dnsResponses],
      queries: (ctx) => [
        {
          expr: shareOf(
            sumBy([], rate(HUBBLE.dnsResponses, hubbleOn(ctx, ANSWER_SIDE, ne('rcode', HUBBLE_NO_ERROR)), ctx)),
            sumBy([], rate(HUBBLE.dnsResponses, hubbleOn(ctx, ANSWER_SIDE), ctx)),
          ),
          legend: 'errors / responses',
        },
      ],
      flows: (ctx) => flowParams([['error', 'dns']], either(ctx)),
    },
    {
      id: 'dns-missing-responses',
      title: 'Queries without an answer',
      description: 'Queries per second minus answers per second; above zero means answers are lost or time out.',
      kind: 'timeseries',
      unit: 'per-second',
      requires: [HUBBLE.dnsQueries, HUBBLE.dnsResponses],
      queries: (ctx) => [
        {
          expr: `clamp_min(${sumBy([], rate(HUBBLE.dnsQueries, hubbleOn(ctx, QUERY_SIDE), ctx))} - ${sumBy([], rate(HUBBLE.dnsResponses, hubbleOn(ctx, ANSWER_SIDE), ctx))}, 0)`,
          legend: 'unanswered',
        },
      ],
      flows: (ctx) => dnsFlows(ctx),
    },
    {
      id: 'dns-top-queries',
      title: 'Top DNS queries',
      description: 'Names asked most over the whole range.',
      kind: 'top',
      unit: 'count',
      requires: [HUBBLE.dnsQueries],
      queries: (ctx) => [{ expr: topk(10, sumBy(['query'], increaseOverRange(HUBBLE.dnsQueries, hubbleOn(ctx, QUERY_SIDE), ctx))), legend: '{{query}}' }],
      flows: (ctx, labels) => dnsFlows(ctx, ['dns-query', labels?.query]),
    },
    {
      id: 'dns-top-failing',
      title: 'Top failing DNS queries',
      description: 'Names whose answers were errors most often over the range.',
      kind: 'top',
      unit: 'count',
      requires: [HUBBLE.dnsResponses],
      queries: (ctx) => [
        { expr: topk(10, sumBy(['query', 'rcode'], increaseOverRange(HUBBLE.dnsResponses, hubbleOn(ctx, ANSWER_SIDE, ne('rcode', HUBBLE_NO_ERROR)), ctx))), legend: '{{query}} {{rcode}}' },
      ],
      flows: (ctx, labels) => dnsFlows(ctx, ['dns-query', labels?.query], ['dns-rcode', rcodeFilter(labels?.rcode)]),
    },
    {
      id: 'retina-dns-requests',
      title: 'DNS requests by type (Retina)',
      description: 'Requests per second, by query type.',
      kind: 'timeseries',
      unit: 'per-second',
      requires: [RETINA.advDnsRequests],
      stacked: true,
      queries: (ctx) => [{ expr: sumBy(['query_type'], rate(RETINA.advDnsRequests, retinaOn(ctx, QUERY_SIDE), ctx)), legend: '{{query_type}}' }],
      flows: (ctx) => dnsFlows(ctx),
    },
    {
      id: 'retina-dns-responses',
      title: 'DNS responses by return code (Retina)',
      description: 'Responses per second, by return code.',
      kind: 'timeseries',
      unit: 'per-second',
      requires: [RETINA.advDnsResponses],
      stacked: true,
      queries: (ctx) => [{ expr: sumBy(['return_code'], rate(RETINA.advDnsResponses, retinaOn(ctx, ANSWER_SIDE), ctx)), legend: '{{return_code}}' }],
      flows: (ctx, labels) => dnsFlows(ctx, ['dns-rcode', labels?.return_code]),
    },
    {
      id: 'retina-dns-error-ratio',
      title: 'DNS error ratio (Retina)',
      description: 'Share of responses whose return code is not NOERROR.',
      kind: 'timeseries',
      unit: 'ratio',
      requires: [RETINA.advDnsResponses],
      queries: (ctx) => [
        {
          expr: shareOf(
            sumBy([], rate(RETINA.advDnsResponses, retinaOn(ctx, ANSWER_SIDE, ne('return_code', 'NOERROR')), ctx)),
            sumBy([], rate(RETINA.advDnsResponses, retinaOn(ctx, ANSWER_SIDE), ctx)),
          ),
          legend: 'errors / responses',
        },
      ],
      flows: (ctx) => flowParams([['error', 'dns']], either(ctx)),
    },
    {
      id: 'retina-dns-top-queries',
      title: 'Top DNS queries (Retina)',
      description: 'Names asked most over the whole range.',
      kind: 'top',
      unit: 'count',
      requires: [RETINA.advDnsRequests],
      queries: (ctx) => [{ expr: topk(10, sumBy(['query'], increaseOverRange(RETINA.advDnsRequests, retinaOn(ctx, QUERY_SIDE), ctx))), legend: '{{query}}' }],
      flows: (ctx, labels) => dnsFlows(ctx, ['dns-query', labels?.query]),
    },
  ],
};
