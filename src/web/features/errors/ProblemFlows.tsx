import type { Filter } from '../../../shared/filter/index.ts';
import { formatCount } from '../../../shared/format-count.ts';
import type { FlowRecord } from '../../../shared/flow.ts';
import { errorMessage } from '../../api/client.ts';
import { useApiQuery } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { Spinner } from '../../components/Spinner.tsx';
import { formatClock } from '../../components/time-range/time-format.ts';
import { VerdictBadge } from '../../components/VerdictBadge.tsx';

const EXAMPLES = 15;

const endpoint = (side: FlowRecord['flow']['source']): string => (side?.pod_name ? `${side.namespace ? `${side.namespace}/` : ''}${side.pod_name}` : (side?.labels?.find((label) => label.startsWith('reserved:')) ?? ''));

function what(flow: FlowRecord['flow']): string {
  const l7 = flow.l7;
  if (l7?.http) return `${l7.http.method ?? ''} ${l7.http.code ?? ''} ${l7.http.url ?? ''}`.trim();
  if (l7?.dns) return `DNS ${l7.dns.query ?? ''} rcode ${l7.dns.rcode ?? 0}`;
  if (l7?.kafka) return `Kafka ${l7.kafka.api_key ?? ''} ${l7.kafka.topic ?? ''} error ${l7.kafka.error_code ?? 0}`;
  return String(flow.drop_reason_desc ?? flow.Summary ?? '');
}

/** The newest flows of one problem, as examples. */
export function ProblemFlows({ filter }: { filter: Filter }) {
  const query = useApiQuery(flowApi.flows(filter, { limit: EXAMPLES }));
  if (query.isPending) return <Spinner label="Loading its flows…" className="p-2" />;
  if (query.isError) return <p role="alert" className="p-2 text-xs text-orange-800 dark:text-orange-200">Could not load its flows: {errorMessage(query.error)}</p>;
  const records = query.data.flows as FlowRecord[];
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-xs">
        <caption className="sr-only">Newest flows of this problem</caption>
        <thead className="text-slate-500 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">Time (UTC)</th>
            <th scope="col" className="py-1 pr-3 font-medium">Source</th>
            <th scope="col" className="py-1 pr-3 font-medium">Destination</th>
            <th scope="col" className="py-1 pr-3 font-medium">Verdict</th>
            <th scope="col" className="py-1 font-medium">What</th>
          </tr>
        </thead>
        <tbody className="font-mono text-[11px] text-slate-800 dark:text-slate-200">
          {records.map((record, index) => {
            const time = record.time ?? record.flow.time;
            return (
              <tr key={record.flow.uuid ?? index} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1 pr-3 whitespace-nowrap tabular-nums">{time ? formatClock(Date.parse(time), 'utc', true) : ''}</td>
                <td className="py-1 pr-3 whitespace-nowrap">{endpoint(record.flow.source)}</td>
                <td className="py-1 pr-3 whitespace-nowrap">{endpoint(record.flow.destination)}</td>
                <td className="py-1 pr-3">
                  <VerdictBadge verdict={String(record.flow.verdict ?? 'VERDICT_UNKNOWN')} />
                </td>
                <td className="max-w-[28rem] truncate py-1" title={what(record.flow)}>
                  {what(record.flow)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {query.data.total > records.length ? <p className="pt-1 text-xs text-slate-500 dark:text-slate-400">Newest {records.length} of {formatCount(query.data.total)}</p> : null}
    </div>
  );
}
