import { Link } from 'react-router';
import { formatCount } from '../../../shared/format-count.ts';
import type { Top } from '../../../shared/api-dashboards.ts';
import type { Filter } from '../../../shared/filter/index.ts';
import { useApiQuery } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { Panel } from '../../components/Panel.tsx';
import { flowsHref, withTerms } from '../../components/view-toolbar/filter-view.ts';

const WORKLOADS = 6;
const NAMES = 5;

function WorkloadNames({ filter, workload }: { filter: Filter; workload: Top['items'][number] }) {
  const own = withTerms(filter, workload.terms);
  const names = useApiQuery(flowApi.top(own, 'dns-query', NAMES));
  return (
    <li className="py-1.5">
      <Link to={flowsHref(own)} className="font-mono text-[12px] font-medium text-slate-900 hover:underline dark:text-white">
        {workload.value}
      </Link>
      <span className="ml-2 text-xs tabular-nums text-slate-500 dark:text-slate-400">{formatCount(workload.count)} lookups</span>
      <ul className="mt-0.5 flex flex-wrap gap-1" aria-label={`Names looked up by ${workload.value}`}>
        {names.isPending ? <li className="text-xs text-slate-500">…</li> : null}
        {(names.data?.items ?? []).map((name) => (
          <li key={name.value}>
            <Link to={flowsHref(own, name.terms)} className="inline-flex items-center gap-1 rounded bg-slate-100 px-1.5 py-px font-mono text-[11px] text-slate-800 hover:bg-sky-100 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-sky-900" title={`${formatCount(name.count)} lookups of ${name.value}`}>
              {name.value}
              <span className="text-slate-600 dark:text-slate-300">{formatCount(name.count)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </li>
  );
}

/** Names outside the cluster each workload resolves: the egress it is about to make. */
export function DnsByWorkloadPanel({ filter }: { filter: Filter }) {
  const workloads = useApiQuery(flowApi.top(filter, 'source-workload', WORKLOADS));
  return (
    <Panel title="External names resolved, by workload" subtitle="DNS requests for names outside cluster.local" query={workloads} empty={workloads.data && workloads.data.items.length === 0 ? 'No lookups of external names in this range' : false}>
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {(workloads.data?.items ?? []).map((workload) => (
          <WorkloadNames key={workload.value} filter={filter} workload={workload} />
        ))}
      </ul>
    </Panel>
  );
}
