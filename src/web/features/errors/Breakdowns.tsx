import type { Top } from '../../../shared/api-dashboards.ts';
import { dropReasonHelp } from '../../../shared/drop-reasons.ts';
import type { Filter } from '../../../shared/filter/index.ts';
import { TopPanel } from '../../components/TopPanel.tsx';
import { kafkaErrorName } from '../../../shared/kafka-errors.ts';
import type { ErrorTab } from './error-view.ts';
import { BAR_CLASSES } from '../../theme/bars.ts';


/** Each listed drop reason in plain words, with what to check first. */
function DropMeanings({ top }: { top: Top }) {
  return (
    <dl className="mt-2 flex flex-col gap-1.5 border-t border-slate-100 pt-2 text-xs dark:border-slate-800">
      {top.items.slice(0, 4).map((item) => {
        const help = dropReasonHelp(item.value);
        return (
          <div key={item.value}>
            <dt className="font-mono font-medium text-slate-800 dark:text-slate-100">{item.value}</dt>
            <dd className="text-slate-600 dark:text-slate-300">
              {help.meaning} <span className="text-slate-500 dark:text-slate-400">Check: {help.check[0]}</span>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** The breakdowns under the problem list, chosen per error category. */
export function Breakdowns({ tab, filter }: { tab: ErrorTab; filter: Filter }) {
  const grid = 'grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3';
  switch (tab) {
    case 'drop':
      return (
        <div className={grid}>
          <TopPanel title="Drops by reason" by="drop-reason" filter={filter} barClass={BAR_CLASSES.dropped} empty="No drops in this range" footer={(top) => <DropMeanings top={top} />} />
          <TopPanel title="Drops by policy" by="policy" filter={filter} barClass={BAR_CLASSES.dropped} empty="No drop names a policy" />
          <TopPanel title="Drops by namespace pair" by="namespace-pair" filter={filter} barClass={BAR_CLASSES.dropped} />
        </div>
      );
    case 'dns':
      return (
        <div className={grid}>
          <TopPanel title="Failed DNS queries" by="dns-query" filter={filter} barClass={BAR_CLASSES.error} />
          <TopPanel title="DNS errors by rcode" by="dns-rcode" filter={filter} barClass={BAR_CLASSES.error} />
          <TopPanel title="Client pods getting DNS errors" by="destination-pod" filter={filter} barClass={BAR_CLASSES.error} />
        </div>
      );
    case 'kafka':
      return (
        <div className={grid}>
          <TopPanel title="Kafka errors by topic" by="kafka-topic" filter={filter} barClass={BAR_CLASSES.error} />
          <TopPanel title="Kafka errors by error code" by="kafka-error-code" filter={filter} barClass={BAR_CLASSES.error} label={(item) => `error_code ${kafkaErrorName(item.value)}`} />
          <TopPanel title="Clients getting Kafka errors" by="destination-workload" filter={filter} barClass={BAR_CLASSES.error} />
        </div>
      );
    case 'http_5xx':
    case 'http_4xx':
      return (
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2 2xl:grid-cols-4">
          <TopPanel title="Answering workloads" by="source-workload" filter={filter} barClass={BAR_CLASSES.error} />
          <TopPanel title="Calling workloads" by="destination-workload" filter={filter} barClass={BAR_CLASSES.error} />
          <TopPanel title="HTTP paths" by="http-path" filter={filter} barClass={BAR_CLASSES.error} />
          <TopPanel title="HTTP status" by="http-status" filter={filter} barClass={BAR_CLASSES.error} />
        </div>
      );
    default:
      return (
        <div className={grid}>
          <TopPanel title="Errors by namespace pair" by="namespace-pair" filter={filter} barClass={BAR_CLASSES.error} />
          <TopPanel title="Errors by workload pair" by="workload-pair" filter={filter} barClass={BAR_CLASSES.error} />
          <TopPanel title="Errors by node" by="node" filter={filter} barClass={BAR_CLASSES.error} />
        </div>
      );
  }
}
