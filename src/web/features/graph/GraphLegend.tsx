import { BAD_ERROR_SHARE } from './graph-elements.ts';
import { HEALTH_COLORS, NEUTRAL_COLOR } from '../../theme/palette.ts';

function Line({ color, dashed, width = 3 }: { color: string; dashed?: boolean; width?: number }) {
  return (
    <svg width="28" height="10" aria-hidden="true" className="shrink-0">
      <line x1="1" y1="5" x2="27" y2="5" stroke={color} strokeWidth={width} strokeDasharray={dashed ? '6 4' : undefined} />
    </svg>
  );
}

/** What colours, dashes, widths and badges mean; always visible in a corner of the canvas. */
export function GraphLegend() {
  const percent = `${Math.round(BAD_ERROR_SHARE * 100)} %`;
  return (
    <section aria-label="Legend" className="rounded border border-slate-200 bg-white/90 p-2 text-xs text-slate-700 shadow-sm dark:border-slate-700 dark:bg-slate-900/90 dark:text-slate-200">
      <ul className="flex flex-col gap-1">
        <li className="flex items-center gap-2"><Line color={NEUTRAL_COLOR} />no errors (width: flows, log scale)</li>
        <li className="flex items-center gap-2"><Line color={HEALTH_COLORS.warn} />errors below {percent} of flows</li>
        <li className="flex items-center gap-2"><Line color={HEALTH_COLORS.bad} />errors {percent} or more</li>
        <li className="flex items-center gap-2"><Line color={HEALTH_COLORS.bad} dashed />every flow dropped</li>
        <li className="flex items-center gap-2"><span className="w-7 text-center">⊘ ⚠</span>dropped · other errors</li>
        <li className="flex items-center gap-2"><span className="w-7 text-center" aria-hidden="true">◆</span>outside the cluster</li>
      </ul>
      <p className="mt-1 text-slate-500 dark:text-slate-400">Double-click a namespace to focus it.</p>
    </section>
  );
}
