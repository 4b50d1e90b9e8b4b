import { Link } from 'react-router';
import type { Vector } from '../../api/prometheus.ts';
import { formatValue, type Unit } from '../../components/chart-format.ts';
import { formatLegend, type PanelQuery } from './panel-model.ts';
import { sampleValue } from './series-model.ts';

/** A "top N" panel: an instant query's series as ranked rows with a bar, each linking to its flows. */
export function TopList({ vectors, queries, unit, linkFor }: { vectors: readonly (Vector | undefined)[]; queries: readonly PanelQuery[]; unit: Unit; linkFor?: (labels: Record<string, string>) => string | null }) {
  const rows = queries
    .flatMap((query, index) => (vectors[index]?.result ?? []).map((result) => ({ name: formatLegend(query.legend, result.metric), labels: result.metric, value: sampleValue(result.value[1]) ?? 0 })))
    .filter((row) => row.value > 0)
    .sort((a, b) => b.value - a.value);
  if (rows.length === 0) return <p className="py-6 text-center text-sm text-slate-500 dark:text-slate-400" role="status">No data in this range for these variables.</p>;
  const max = rows[0]?.value ?? 1;
  return (
    <table className="w-full table-fixed text-xs">
      <thead className="sr-only">
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Total over the range</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const href = linkFor?.({ ...row.labels });
          return (
            <tr key={row.name} className="border-t border-slate-100 first:border-t-0 dark:border-slate-800">
              <td className="relative py-1 pr-2">
                <span aria-hidden="true" className="absolute inset-y-0.5 left-0 rounded-sm bg-sky-100 dark:bg-sky-900/50" style={{ width: `${(row.value / max) * 100}%` }} />
                <span className="relative block truncate font-mono text-slate-800 dark:text-slate-200" title={row.name}>
                  {href ? (
                    <Link className="hover:underline" to={href}>
                      {row.name}
                    </Link>
                  ) : (
                    row.name
                  )}
                </span>
              </td>
              <td className="w-20 py-1 text-right tabular-nums text-slate-700 dark:text-slate-300">{formatValue(Math.round(row.value), unit)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
