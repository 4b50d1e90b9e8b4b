import { useMemo } from 'react';
import { Link } from 'react-router';
import type { FlowRecord } from '../../../shared/flow.ts';
import { flowMetricLinks } from './metric-links.ts';

/** The drawer's way from one flow to the metric dashboards of its workloads at its time. */
export function FlowMetricLinks({ record }: { record: FlowRecord }) {
  const workloads = useMemo(() => flowMetricLinks(record), [record]);
  if (workloads.length === 0) return null;
  return (
    <section aria-label="Metrics" className="border-b border-slate-100 py-2 text-[13px] dark:border-slate-800">
      <h3 className="px-4 pb-1 text-[11px] font-semibold tracking-wider text-slate-500 uppercase dark:text-slate-400">Metrics around this flow (±15 min)</h3>
      <dl>
        {workloads.map((workload) => (
          <div key={workload.side} className="grid grid-cols-[8rem_1fr] gap-2 px-4 py-1">
            <dt className="truncate text-slate-500 dark:text-slate-400" title={workload.name}>
              {workload.side}
            </dt>
            <dd className="flex min-w-0 flex-col">
              <span className="font-mono text-[12px] wrap-anywhere">{workload.name}</span>
              <span className="flex flex-wrap gap-x-3">
                {workload.links.map((link) => (
                  <Link key={link.label} to={link.href} className="text-sky-700 underline hover:text-sky-900 dark:text-sky-400 dark:hover:text-sky-300" aria-label={`${link.label} metrics of ${workload.name}`}>
                    {link.label}
                  </Link>
                ))}
              </span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
