import { Link } from 'react-router';
import { formatCount } from '../../../shared/format-count.ts';
import type { Imbalance } from '../../../shared/api-dashboards.ts';
import type { Filter } from '../../../shared/filter/index.ts';
import { useApiQuery } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { Panel } from '../../components/Panel.tsx';
import { flowsHref } from '../../components/view-toolbar/filter-view.ts';

type WorkloadSpread = Imbalance['workloads'][number];

const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** `ns/workload` → the filter terms for flows into it. */
function inboundTerms(workload: string) {
  const slash = workload.indexOf('/');
  return slash < 0 ? [{ key: 'to-workload', value: workload }] : [{ key: 'to-namespace', value: workload.slice(0, slash) }, { key: 'to-workload', value: workload.slice(slash + 1) }];
}

/** Pods come as `ns/pod`; `to-pod` takes exactly that form. */
const podTerms = (workload: string, pod: string) => [{ key: 'to-pod', value: pod.includes('/') || !workload.includes('/') ? pod : `${workload.slice(0, workload.indexOf('/'))}/${pod}` }];

/** Flagged workloads first, then the most uneven. */
function rankSpreads(workloads: readonly WorkloadSpread[]): WorkloadSpread[] {
  return [...workloads].filter((w) => w.pods.length > 1).sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.busiestShare / b.evenShare - a.busiestShare / a.evenShare);
}

function SpreadRow({ spread, filter }: { spread: WorkloadSpread; filter: Filter }) {
  return (
    <li className={`rounded px-2 py-1.5 ${spread.flagged ? 'bg-dropped/8 ring-1 ring-dropped/40 ring-inset' : ''}`} data-flagged={spread.flagged || undefined}>
      <div className="flex items-baseline gap-2 text-[13px]">
        <Link to={flowsHref(filter, inboundTerms(spread.workload))} className="min-w-0 truncate font-mono text-[12px] font-medium text-slate-900 hover:underline dark:text-white" title={`Flows into ${spread.workload}`}>
          {spread.workload}
        </Link>
        {spread.flagged ? <span className="shrink-0 rounded bg-dropped/15 px-1 text-[11px] font-semibold text-dropped-ink">uneven</span> : null}
        <span className="ml-auto shrink-0 text-xs tabular-nums text-slate-600 dark:text-slate-300">{formatCount(spread.inbound)} in · {spread.pods.length} pods</span>
      </div>
      <p className="mt-0.5 text-xs text-slate-700 dark:text-slate-300">
        <Link to={flowsHref(filter, podTerms(spread.workload, spread.busiestPod))} className="font-mono text-[12px] hover:underline">
          {spread.busiestPod}
        </Link>{' '}
        takes <strong className="tabular-nums">{percent(spread.busiestShare)}</strong> (even: {percent(spread.evenShare)})
      </p>
      <div className="mt-1 flex h-2 overflow-hidden rounded-sm bg-slate-100 dark:bg-slate-800" role="img" aria-label={`Share per pod: ${spread.pods.map((pod) => `${pod.pod} ${percent(pod.share)}`).join(', ')}`}>
        {spread.pods.map((pod, index) => (
          <span
            key={pod.pod}
            title={`${pod.pod}: ${formatCount(pod.flows)} flows (${percent(pod.share)})`}
            className={`h-full border-r border-white dark:border-slate-900 ${pod.pod === spread.busiestPod ? (spread.flagged ? 'bg-dropped' : 'bg-sky-600') : index % 2 ? 'bg-sky-300 dark:bg-sky-700' : 'bg-sky-400 dark:bg-sky-600'}`}
            style={{ width: `${pod.share * 100}%` }}
          />
        ))}
      </div>
    </li>
  );
}

/** Per workload, how its inbound flows spread over its pods; a pod taking far more than its share is flagged. */
export function ImbalancePanel({ filter, className }: { filter: Filter; className?: string }) {
  const query = useApiQuery(flowApi.imbalance(filter));
  const spreads = query.data ? rankSpreads(query.data.workloads).slice(0, 5) : [];
  const flagged = spreads.filter((s) => s.flagged).length;
  return (
    <Panel
      title="Traffic imbalance"
      subtitle={query.data ? (flagged > 0 ? `${flagged} workload${flagged > 1 ? 's' : ''} with one pod taking far more than an even share` : 'Inbound flows spread evenly over pods') : 'Share of inbound flows per pod'}
      query={query}
      empty={query.data && spreads.length === 0 ? 'No workload with more than one pod received flows' : false}
      className={className}
    >
      <ul className="flex flex-col gap-1" aria-label="Workloads by how unevenly their pods receive flows">
        {spreads.map((spread) => (
          <SpreadRow key={spread.workload} spread={spread} filter={filter} />
        ))}
      </ul>
    </Panel>
  );
}
