import { Link } from 'react-router';
import { formatGlancePercent } from './format.ts';
import { Sparkline } from './Sparkline.tsx';

export interface StatChange {
  /** Relative change in percent; null when the previous period had nothing to compare with. */
  percent: number | null;
  /** What it is compared with: `vs previous 15m`, `2nd half vs 1st`. */
  against: string;
}

interface StatPanelProps {
  label: string;
  value: string;
  /** Link target (a filtered Flows view, another view). */
  to: string;
  /** Screen-reader / tooltip text for the link. */
  linkLabel: string;
  sparkline?: readonly number[];
  change?: StatChange | null;
  /** Whether a rise is good news (flows), bad news (drops, errors) or neither. */
  rising?: 'good' | 'bad' | 'neutral';
  /** Text colour class of the sparkline. */
  tone?: string;
  loading?: boolean;
  error?: string | null;
}

function changeText(change: StatChange): string {
  if (change.percent === null) return `new ${change.against}`;
  if (Math.abs(change.percent) < 0.5) return `no change ${change.against}`;
  const size = Math.abs(change.percent);
  return `${change.percent > 0 ? '▲' : '▼'} ${formatGlancePercent(size)} ${change.against}`;
}

function changeClass(change: StatChange, rising: StatPanelProps['rising']): string {
  const up = change.percent === null ? true : change.percent >= 0.5;
  const down = change.percent !== null && change.percent <= -0.5;
  if (rising === 'neutral' || (!up && !down)) return 'text-slate-600 dark:text-slate-300';
  const good = (up && rising === 'good') || (down && rising === 'bad');
  return good ? 'text-emerald-700 dark:text-emerald-300' : 'text-red-700 dark:text-red-300';
}

/** Buckets of a stat's sparkline: enough for a shape, few enough to read at a glance. */
export const SPARKLINE_BUCKETS = 30;

/** A big number with its trend: a sparkline and the change against the previous period. Clicking opens its flows. */
export function StatPanel({ label, value, to, linkLabel, sparkline, change, rising = 'neutral', tone = 'text-sky-600 dark:text-sky-400', loading, error }: StatPanelProps) {
  return (
    <Link
      to={to}
      aria-label={`${label}: ${loading ? 'loading' : value}${change ? `, ${changeText(change)}` : ''}. ${linkLabel}`}
      title={linkLabel}
      className="group flex min-w-0 flex-col rounded-md border border-slate-200 bg-white px-3 pt-2 pb-1 hover:border-sky-400 hover:shadow-sm dark:border-slate-800 dark:bg-slate-900 dark:hover:border-sky-600"
    >
      <span className="truncate text-xs font-medium text-slate-600 dark:text-slate-300">{label}</span>
      <span className="mt-0.5 truncate text-2xl font-semibold tabular-nums text-slate-900 dark:text-white">
        {loading ? <span className="text-slate-400">…</span> : error ? <span className="text-base text-orange-700 dark:text-orange-300">unavailable</span> : value}
      </span>
      <span className={`h-4 truncate text-[11px] tabular-nums ${change ? changeClass(change, rising) : ''}`}>{change && !loading ? changeText(change) : ''}</span>
      <span className={`mt-1 block ${tone}`}>
        <Sparkline values={sparkline ?? []} className="h-7 w-full" />
      </span>
    </Link>
  );
}
