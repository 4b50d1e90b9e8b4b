import type { CompareChange } from '../../../shared/api-compare.ts';
import { CHANGE_LABELS } from './compare-model.ts';

const STYLES: Record<CompareChange, string> = {
  new: 'bg-sky-700 text-white dark:bg-sky-300 dark:text-slate-950',
  gone: 'border border-dashed border-slate-500 text-slate-700 line-through dark:border-slate-400 dark:text-slate-300',
  up: 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100',
  down: 'bg-indigo-100 text-indigo-900 dark:bg-indigo-900/60 dark:text-indigo-100',
  same: 'text-slate-600 dark:text-slate-400',
};

/** new / gone / up / down / same, each in words (colour only repeats them). */
export function ChangeBadge({ change }: { change: CompareChange }) {
  return <span className={`inline-block rounded px-1.5 text-[11px] leading-4 font-semibold whitespace-nowrap ${STYLES[change]}`}>{CHANGE_LABELS[change]}</span>;
}
