import { useState } from 'react';
import { Link } from 'react-router';
import { formatValue, type Unit } from '../../components/chart-format.ts';
import type { PanelSeries } from './series-model.ts';

const SHOWN = 8;

/** Series names with their latest value, biggest first; each links to its flows when the panel has a flow question. */
export function PanelLegend({ series, unit, linkFor }: { series: readonly PanelSeries[]; unit: Unit; linkFor?: (labels: Record<string, string>) => string | null }) {
  const [expanded, setExpanded] = useState(false);
  const rows = series
    .map((entry) => {
      const last = [...entry.points].reverse().find(([, value]) => value !== null)?.[1] ?? null;
      const peak = entry.points.reduce((max, [, value]) => Math.max(max, value ?? 0), 0);
      return { entry, last, peak };
    })
    .sort((a, b) => b.peak - a.peak);
  const shown = expanded ? rows : rows.slice(0, SHOWN);
  return (
    <div className="mt-1 text-xs">
      <ul className="grid grid-cols-[repeat(auto-fill,minmax(14rem,1fr))] gap-x-3 gap-y-0.5">
        {shown.map(({ entry, last }) => {
          const href = linkFor?.({ ...entry.labels });
          const name = (
            <>
              <span aria-hidden="true" className="inline-block size-2.5 shrink-0 rounded-sm" style={{ backgroundColor: entry.color }} />
              <span className="min-w-0 truncate" title={entry.name}>
                {entry.name}
              </span>
            </>
          );
          return (
            <li key={entry.key} className="flex min-w-0 items-center gap-1.5 text-slate-700 dark:text-slate-300">
              {href ? (
                <Link to={href} className="flex min-w-0 items-center gap-1.5 hover:underline" title={`Flows for ${entry.name}`}>
                  {name}
                </Link>
              ) : (
                name
              )}
              <span className="ml-auto shrink-0 tabular-nums text-slate-500 dark:text-slate-400">{last === null ? '–' : formatValue(last, unit)}</span>
            </li>
          );
        })}
      </ul>
      {rows.length > SHOWN ? (
        <button type="button" className="btn-ghost mt-0.5 text-xs" onClick={() => setExpanded((was) => !was)}>
          {expanded ? 'Show fewer' : `Show all ${rows.length}`}
        </button>
      ) : null}
    </div>
  );
}
