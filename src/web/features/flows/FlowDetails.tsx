import { useMemo } from 'react';
import type { FlowRecord } from '../../../shared/flow.ts';
import { formatTerm, type FilterTerm } from '../../../shared/filter/index.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { Drawer } from '../../components/Drawer.tsx';
import { DropExplainer } from '../../components/DropExplainer.tsx';
import { VerdictBadge } from '../../components/VerdictBadge.tsx';
import { flowDetails, type DetailField } from './detail-model.ts';
import { FlowMetricLinks } from './FlowMetricLinks.tsx';

interface FlowDetailsProps {
  record: FlowRecord;
  onClose(): void;
  /** Adds a term to the view's filter (negated for "exclude"). */
  onFilter(term: FilterTerm): void;
}

function FieldRow({ group, field, onFilter }: { group: string; field: DetailField; onFilter(term: FilterTerm): void }) {
  const term = field.term;
  return (
    <div className="group grid grid-cols-[8rem_1fr] gap-2 px-4 py-1 hover:bg-slate-50 dark:hover:bg-slate-800/50">
      <dt className="truncate text-slate-500 dark:text-slate-400" title={field.label}>
        {field.label}
      </dt>
      <dd className="flex min-w-0 items-start gap-2">
        <span className={`min-w-0 flex-1 wrap-anywhere ${field.mono ? 'font-mono text-[12px]' : ''}`}>
          {group === 'Summary' && field.label === 'Verdict' ? <VerdictBadge verdict={field.value} /> : field.value}
        </span>
        {term ? (
          <span className="flex shrink-0 gap-1">
            <button
              type="button"
              className="chip-action"
              title={`Show only flows with ${formatTerm(term)}`}
              aria-label={`Filter by ${group.toLowerCase()} ${field.label.toLowerCase()} ${field.value}`}
              onClick={() => onFilter(term)}
            >
              filter
            </button>
            <button
              type="button"
              className="chip-action"
              title={`Hide flows with ${formatTerm(term)}`}
              aria-label={`Exclude ${group.toLowerCase()} ${field.label.toLowerCase()} ${field.value}`}
              onClick={() => onFilter({ ...term, negate: true })}
            >
              exclude
            </button>
          </span>
        ) : null}
      </dd>
    </div>
  );
}

export function FlowDetails({ record, onClose, onFilter }: FlowDetailsProps) {
  const groups = useMemo(() => flowDetails(record), [record]);
  const json = useMemo(() => JSON.stringify(record, null, 2), [record]);
  return (
    <Drawer title="Flow details" onClose={onClose}>
      <DropExplainer flow={record.flow} />
      {groups.map((group) => (
        <section key={group.title} aria-label={group.title} className="border-b border-slate-100 py-2 text-[13px] dark:border-slate-800">
          <h3 className="px-4 pb-1 text-[11px] font-semibold tracking-wider text-slate-500 uppercase dark:text-slate-400">{group.title}</h3>
          <dl>
            {group.fields.map((field, index) => (
              <FieldRow key={`${field.label}-${index}`} group={group.title} field={field} onFilter={onFilter} />
            ))}
          </dl>
        </section>
      ))}
      <FlowMetricLinks record={record} />
      <section aria-label="Raw JSON" className="py-2">
        <div className="flex items-center px-4 pb-1">
          <h3 className="flex-1 text-[11px] font-semibold tracking-wider text-slate-500 uppercase dark:text-slate-400">Raw JSON</h3>
          <CopyButton text={json} label="Copy JSON" />
        </div>
        <pre tabIndex={0} aria-label="Raw JSON of the flow" className="mx-4 mb-4 overflow-x-auto rounded bg-slate-50 p-3 font-mono text-[11px] leading-relaxed dark:bg-slate-950">{json}</pre>
      </section>
    </Drawer>
  );
}
