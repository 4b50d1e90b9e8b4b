import { Link } from 'react-router';
import type { Compare, CompareItem } from '../../../shared/api-compare.ts';
import { formatCount } from '../../../shared/format-count.ts';
import type { Filter } from '../../../shared/filter/index.ts';
import { flowsHref } from '../../components/view-toolbar/filter-view.ts';
import { ChangeBadge } from './ChangeBadge.tsx';
import { formatShareChange, shareChange } from './compare-model.ts';

interface CompareTableProps {
  compare: Compare;
  items: readonly CompareItem[];
  /** The view's filter with the range's times, and with the base's. */
  rangeFilter: Filter;
  baseFilter: Filter;
  caption: string;
}

const cell = 'px-1.5 py-1 text-right whitespace-nowrap tabular-nums';
const countLink = 'rounded px-0.5 hover:bg-slate-100 hover:underline dark:hover:bg-slate-800';

function Problems({ now, base }: { now: number; base: number }) {
  if (now === 0 && base === 0) return <span className="text-slate-500 dark:text-slate-400">–</span>;
  return (
    <span title="dropped or with an error: now / before">
      <span className={now > 0 ? 'font-medium text-dropped-ink' : ''}>✕ {formatCount(now, 'short')}</span>
      <span className="text-slate-600 dark:text-slate-400"> / {formatCount(base, 'short')}</span>
    </span>
  );
}

/** One dimension's values over both ranges; the value and each count open Flows in that range with the row's terms. */
export function CompareTable({ compare, items, rangeFilter, baseFilter, caption }: CompareTableProps) {
  return (
    <table className="w-full table-fixed border-collapse text-[13px]">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-[11px] font-medium text-slate-600 dark:text-slate-300">
          <th scope="col" className="px-1.5 py-1 text-left font-medium">Value</th>
          <th scope="col" className="w-16 px-1.5 py-1 text-left font-medium">Change</th>
          <th scope="col" className="w-16 px-1.5 py-1 text-right font-medium">Now</th>
          <th scope="col" className="w-16 px-1.5 py-1 text-right font-medium">Before</th>
          <th scope="col" className="w-20 px-1.5 py-1 text-right font-medium" title="Change of the value's share of its range's flows, in percentage points">Share</th>
          <th scope="col" className="w-24 px-1.5 py-1 text-right font-medium" title="Dropped or with an error: now / before">Problems</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const now = flowsHref(rangeFilter, item.terms);
          const before = flowsHref(baseFilter, item.terms);
          const points = shareChange(item, compare);
          return (
            <tr key={item.value} data-change={item.change} className={`border-t border-slate-100 dark:border-slate-800 ${item.change === 'gone' ? 'text-slate-600 dark:text-slate-400' : ''}`}>
              <th scope="row" className="min-w-0 px-1.5 py-1 text-left font-normal">
                <Link
                  to={item.change === 'gone' ? before : now}
                  title={`${item.value}: show its flows ${item.change === 'gone' ? 'before' : 'now'}`}
                  className="block truncate rounded font-mono text-[12px] text-slate-900 hover:underline dark:text-slate-100"
                >
                  {item.value || '(none)'}
                </Link>
              </th>
              <td className="px-1.5 py-1">
                <ChangeBadge change={item.change} />
              </td>
              <td className={cell}>
                <Link to={now} className={countLink} aria-label={`${formatCount(item.count)} flows now: show them`}>
                  {formatCount(item.count, 'short')}
                </Link>
              </td>
              <td className={cell}>
                <Link to={before} className={`${countLink} text-slate-600 dark:text-slate-300`} aria-label={`${formatCount(item.baseCount)} flows before: show them`}>
                  {formatCount(item.baseCount, 'short')}
                </Link>
              </td>
              <td className={`${cell} text-[12px] ${points >= 0.005 ? 'text-amber-900 dark:text-amber-200' : points <= -0.005 ? 'text-indigo-900 dark:text-indigo-200' : 'text-slate-600 dark:text-slate-400'}`}>
                {formatShareChange(points)}
              </td>
              <td className={`${cell} text-[12px]`}>
                <Problems now={Math.max(item.dropped, item.errors)} base={Math.max(item.baseDropped, item.baseErrors)} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
