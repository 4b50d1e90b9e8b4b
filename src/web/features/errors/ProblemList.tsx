import { useState } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import type { Problems } from '../../../shared/api-dashboards.ts';
import type { Filter } from '../../../shared/filter/index.ts';
import { Panel, type PanelQuery } from '../../components/Panel.tsx';
import { sortProblems, type ProblemSort } from './error-view.ts';
import { ProblemRow } from './ProblemRow.tsx';

interface ProblemListProps {
  query: PanelQuery & { data: Problems | undefined; isPlaceholderData?: boolean };
  filter: Filter;
  sort: ProblemSort;
  onSortChange(sort: ProblemSort): void;
}

/** Enough to see the shape; the rest one click away. */
const FIRST_ROWS = 20;

const keyOf = (problem: Problems['problems'][number]) => `${problem.category}|${problem.source}|${problem.destination}|${problem.reason}|${problem.detail}`;

/** Error flows grouped so hundreds of rows read as one line each. */
export function ProblemList({ query, filter, sort, onSortChange }: ProblemListProps) {
  const [expanded, setExpanded] = useState<string | null>(null);
  const [nowMs] = useState(Date.now);
  const [showAll, setShowAll] = useState(false);
  const data = query.data;
  // The server lists the groups in the order asked for; the previous answer, shown while the next
  // loads, is put in the new order meanwhile.
  const problems = data ? (query.isPlaceholderData ? sortProblems(data.problems, sort) : data.problems) : [];
  const sortButton = (value: ProblemSort, label: string) => (
    <button type="button" aria-pressed={sort === value} onClick={() => onSortChange(value)} className={`rounded px-2 py-0.5 text-xs ${sort === value ? 'bg-slate-200 font-medium text-slate-900 dark:bg-slate-700 dark:text-white' : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}>
      {label}
    </button>
  );
  return (
    <Panel
      title="Problems"
      subtitle={data ? `${formatCount(data.total)} error flows in ${formatCount(data.groups)} group${data.groups === 1 ? '' : 's'}${data.groups > data.problems.length ? ` · the ${formatCount(data.problems.length)} ${sort === 'count' ? 'biggest' : 'most recent'} listed` : ''} · times in UTC · expand a row for its flows` : 'Error flows grouped by source, destination and reason'}
      actions={
        <div role="group" aria-label="Order problems" className="flex gap-1">
          {sortButton('count', 'Biggest first')}
          {sortButton('recent', 'Most recent first')}
        </div>
      }
      query={query}
      empty={data && data.problems.length === 0 ? 'No errors in this range — nothing dropped, no failed responses.' : false}
    >
      <ul aria-label="Problems">
        {(showAll ? problems : problems.slice(0, FIRST_ROWS)).map((problem) => {
          const key = keyOf(problem);
          return <ProblemRow key={key} problem={problem} filter={filter} expanded={expanded === key} onToggle={() => setExpanded(expanded === key ? null : key)} nowMs={nowMs} />;
        })}
      </ul>
      {!showAll && problems.length > FIRST_ROWS ? (
        <button type="button" className="btn mt-2 !text-xs" onClick={() => setShowAll(true)}>
          Show all {formatCount(problems.length)} groups
        </button>
      ) : null}
    </Panel>
  );
}
