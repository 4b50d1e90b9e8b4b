import { useMemo, type ReactNode } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import { Link } from 'react-router';
import type { Flow } from '../../../shared/flow.ts';
import type { Filter, FilterTerm } from '../../../shared/filter/index.ts';
import { reservedLabelName } from '../../../shared/reserved-identities.ts';
import { errorMessage } from '../../api/client.ts';
import { asFlowRecord } from '../../api/flow-records.ts';
import { useApiQuery } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { Drawer } from '../../components/Drawer.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { VerdictBadge } from '../../components/VerdictBadge.tsx';
import { denyingPolicies, edgeTerms, nodeTerms } from './details-model.ts';
import type { ModelEdge, ModelNode } from './graph-model.ts';
import { displayName } from './GraphList.tsx';
import { flowsHref } from '../../components/view-toolbar/filter-view.ts';

const TOP_FLOWS = 10;
/** The newest drops read for the policies that denied them. */
const DROPS_READ_FOR_POLICIES = 100;
const DROPPED: FilterTerm = { key: 'verdict', negate: false, value: 'DROPPED' };

function endpointName(endpoint: Flow['source']): string {
  if (!endpoint) return '?';
  if (endpoint.namespace) return `${endpoint.namespace}/${endpoint.pod_name ?? endpoint.workloads?.[0]?.name ?? ''}`;
  return endpoint.labels?.map(reservedLabelName).find((name) => name !== undefined) ?? '?';
}

function Row({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="flex justify-between gap-4 py-0.5">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="text-right font-mono">{typeof value === 'number' ? formatCount(value) : value}</dd>
    </div>
  );
}

interface Selection {
  node?: ModelNode;
  edge?: ModelEdge;
}

/** Side panel of a clicked node or edge: counts, drop reasons, denying policies, newest flows, and links to them in Flows. */
export interface GraphDetailsProps {
  selection: Selection;
  nodes: ReadonlyMap<string, ModelNode>;
  /** The page's filter and time range; the selection's own terms are added to it. */
  filter: Filter;
  /** View actions for this selection (collapse, focus…). */
  actions?: ReactNode;
  onClose(): void;
}

export function GraphDetails({ selection, nodes, filter, actions, onClose }: GraphDetailsProps) {
  const { node, edge } = selection;
  const entry = node ?? edge;
  const terms = useMemo(() => (edge ? edgeTerms(edge, nodes) : node ? nodeTerms(node) : []), [edge, node, nodes]);
  const scoped = useMemo(() => [...filter, ...terms], [filter, terms]);
  const dropped = useMemo(() => [...scoped.filter((term) => term.key !== 'verdict'), DROPPED], [scoped]);
  const summary = useApiQuery(flowApi.summary(scoped));
  const newest = useApiQuery(flowApi.flows(scoped, { limit: TOP_FLOWS }));
  const drops = useApiQuery(flowApi.flows(dropped, { limit: DROPS_READ_FOR_POLICIES }), { enabled: (entry?.dropped ?? 0) > 0 });
  const policies = useMemo(() => denyingPolicies((drops.data?.flows ?? []).map((item) => asFlowRecord(item).flow)), [drops.data]);
  if (!entry) return null;
  const title = edge ? `${displayName(nodes.get(edge.source), edge.source)} → ${displayName(nodes.get(edge.target), edge.target)}` : displayName(node);
  const onlyDropped = entry.dropped > 0 && entry.dropped === entry.flows;
  return (
    <Drawer title={title} onClose={onClose}>
      <div className="flex flex-col gap-4 p-4 text-sm">
        <div className="flex flex-wrap gap-2">
          <Link className="btn btn-primary" to={flowsHref(scoped)}>
            Open in Flows
          </Link>
          {entry.dropped > 0 && !onlyDropped ? (
            <Link className="btn" to={flowsHref(dropped)}>
              Open dropped flows
            </Link>
          ) : null}
          {actions}
        </div>
        <section aria-label="Summary">
          <dl>
            <Row label="Flows" value={entry.flows} />
            <Row label="Dropped" value={entry.dropped} />
            <Row label="Errors (drops included)" value={entry.errors} />
            {edge ? (
              <>
                <Row label="HTTP 5xx" value={edge.http5xx} />
                <Row label="DNS errors" value={edge.dnsErrors} />
                <Row label="Kafka errors" value={edge.kafkaErrors} />
                <Row label="Protocols" value={edge.protocols.join(', ') || '—'} />
                <Row label="Server ports" value={edge.ports.join(', ') || '—'} />
              </>
            ) : null}
            {node?.workloadKind ? <Row label="Kind" value={node.workloadKind} /> : null}
          </dl>
          {entry.dropped > 0 && onlyDropped ? <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Every flow here was dropped.</p> : null}
        </section>
        {summary.data && summary.data.topDropReasons.length > 0 ? (
          <section>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Drop reasons</h3>
            <dl>{summary.data.topDropReasons.map((reason) => <Row key={reason.reason} label={reason.reason} value={reason.count} />)}</dl>
          </section>
        ) : null}
        {policies.length > 0 ? (
          <section>
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Denied by policy</h3>
            <dl>{policies.map((policy) => <Row key={policy.policy} label={policy.policy} value={policy.count} />)}</dl>
            <p className="text-xs text-slate-500 dark:text-slate-400">Among the newest {drops.data?.flows.length ?? 0} dropped flows.</p>
          </section>
        ) : null}
        <section>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Newest flows</h3>
          {newest.isPending ? <Spinner label="Loading flows…" /> : null}
          {newest.isError ? <p role="alert" className="text-red-700 dark:text-red-400">{errorMessage(newest.error)}</p> : null}
          <ol className="flex flex-col gap-1">
            {(newest.data?.flows ?? []).map((item, index) => {
              const record = asFlowRecord(item);
              const flow = record.flow;
              return (
                <li key={`${flow.uuid ?? ''}-${index}`} className="rounded border border-slate-200 px-2 py-1 text-xs dark:border-slate-700">
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-mono text-slate-500 dark:text-slate-400">{(record.time ?? flow.time ?? '').replace('T', ' ').slice(0, 23)}</span>
                    <VerdictBadge verdict={String(flow.verdict ?? 'VERDICT_UNKNOWN')} />
                  </div>
                  <div className="wrap-anywhere font-mono">
                    {endpointName(flow.source)} → {endpointName(flow.destination)}
                  </div>
                  {flow.drop_reason_desc ? <div className="text-slate-500 dark:text-slate-400">{String(flow.drop_reason_desc)}</div> : null}
                </li>
              );
            })}
          </ol>
        </section>
      </div>
    </Drawer>
  );
}
