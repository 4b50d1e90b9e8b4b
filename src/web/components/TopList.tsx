import { Link } from 'react-router';
import { formatCount } from '../../shared/format-count.ts';
import { formatGlancePercent } from './format.ts';

export interface TopListItem {
  value: string;
  count: number;
  dropped?: number;
  errors?: number;
}

interface TopListProps<T extends TopListItem> {
  items: readonly T[];
  /** What each row's share is of: the flows that could be in the list (a top list's counted, a summary's total). */
  total: number;
  /** Where a row leads (Flows filtered to it). */
  href(item: T): string;
  /** How the value reads (default: the value itself). */
  label?(item: T): string;
  /** What the bars count, for screen readers: "flows", "queries". */
  unit?: string;
  /** Bar colour class. */
  barClass?: string;
}

/** Ranked values with a bar each; a row is a link to its flows. */
export function TopList<T extends TopListItem>({ items, total, href, label = (item) => item.value, unit = 'flows', barClass = 'bg-sky-500/25 dark:bg-sky-400/25' }: TopListProps<T>) {
  const max = Math.max(1, ...items.map((item) => item.count));
  return (
    <ol className="flex flex-col gap-px text-[13px]">
      {items.map((item) => {
        const text = label(item);
        const share = total > 0 ? (item.count / total) * 100 : 0;
        // `errors` counts drops too; a server that counts them apart still shows the larger.
        const problems = Math.max(item.dropped ?? 0, item.errors ?? 0);
        return (
          <li key={item.value}>
            <Link
              to={href(item)}
              aria-label={`${text}: ${formatCount(item.count)} ${unit}${problems > 0 ? `, ${formatCount(problems)} with errors` : ''}. Show in Flows`}
              className="relative flex items-center gap-2 rounded px-1.5 py-1 hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              <span aria-hidden="true" className={`absolute inset-y-0.5 left-0 rounded ${barClass}`} style={{ width: `${(item.count / max) * 100}%` }} />
              <span className="relative min-w-0 flex-1 truncate font-mono text-[12px] text-slate-800 dark:text-slate-100" title={text}>
                {text || '(none)'}
              </span>
              {problems > 0 ? (
                <span className="relative shrink-0 text-[11px] font-medium text-dropped-ink tabular-nums" title="dropped or with an error">
                  ✕ {formatCount(problems)}
                </span>
              ) : null}
              <span className="relative w-14 shrink-0 text-right tabular-nums text-slate-700 dark:text-slate-200">{formatCount(item.count)}</span>
              <span className="relative w-10 shrink-0 text-right text-[11px] tabular-nums text-slate-600 dark:text-slate-300">{formatGlancePercent(share)}</span>
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
