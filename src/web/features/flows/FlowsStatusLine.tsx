import { useEffect, useState } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import { ColumnPicker } from './ColumnPicker.tsx';
import type { ColumnId } from './view-state.ts';

interface FlowsStatusLineProps {
  shown: number;
  total: number;
  loading: boolean;
  serverOrder: boolean;
  follow: boolean;
  lastUpdate: number | null;
  columns: ColumnId[];
  onColumnsChange(columns: ColumnId[]): void;
  onResetSort(): void;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function FlowsStatusLine({ shown, total, loading, serverOrder, follow, lastUpdate, columns, onColumnsChange, onResetSort }: FlowsStatusLineProps) {
  const now = useNow(follow);
  const ago = lastUpdate === null ? null : Math.max(0, Math.round((now - lastUpdate) / 1000));
  return (
    <div className="flex h-9 shrink-0 items-center gap-3 border-b border-slate-200 px-3 text-[13px] text-slate-600 dark:border-slate-800 dark:text-slate-300">
      <span aria-live="polite">
        Showing <strong className="font-semibold text-slate-900 dark:text-white">{formatCount(shown)}</strong> of{' '}
        <strong className="font-semibold text-slate-900 dark:text-white">{formatCount(total)}</strong> flows
      </span>
      {loading ? <span className="text-slate-500 dark:text-slate-400">updating…</span> : null}
      {follow ? (
        <span className="inline-flex items-center gap-1.5 text-healthy-ink">
          <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-current" />
          Live{ago !== null ? ` · updated ${ago}s ago` : ''}
        </span>
      ) : null}
      {!serverOrder ? (
        <span className="rounded bg-amber-100 px-2 py-0.5 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
          Sorted within the {formatCount(shown)} loaded rows only.{' '}
          <button type="button" className="underline hover:no-underline" onClick={onResetSort}>
            Newest first
          </button>
        </span>
      ) : null}
      <div className="flex-1" />
      <span className="hidden text-[12px] text-slate-500 md:inline dark:text-slate-400">Click a row or press Enter for details</span>
      <ColumnPicker columns={columns} onChange={onColumnsChange} />
    </div>
  );
}
