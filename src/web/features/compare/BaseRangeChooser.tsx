import { COMPARE_PRESETS } from '../../../shared/api-compare.ts';
import { AbsoluteRangeForm } from '../../components/time-range/AbsoluteRangeForm.tsx';
import { rangesEqual, type TimeRange } from '../../components/time-range/time-range-model.ts';
import { usePopover } from '../../components/time-range/use-popover.ts';
import { baseRange, PRESET_LABELS } from '../../components/view-toolbar/compare-range.ts';

interface BaseRangeChooserProps {
  range: TimeRange;
  base: TimeRange;
  nowMs: number;
  onChange(base: TimeRange): void;
}

const SHORT_LABELS: Record<(typeof COMPARE_PRESETS)[number], string> = { previous: 'Previous period', yesterday: 'Yesterday', 'last-week': 'A week ago' };

/** The ready-made base ranges as toggle buttons, and any other range typed in. */
export function BaseRangeChooser({ range, base, nowMs, onChange }: BaseRangeChooserProps) {
  const { open, setOpen, close, id, container, trigger } = usePopover();
  const presets = COMPARE_PRESETS.map((preset) => ({ preset, base: baseRange(range, preset, nowMs) }));
  const custom = !presets.some((entry) => entry.base && rangesEqual(entry.base, base));
  const toggle = (pressed: boolean) =>
    `rounded px-2 py-0.5 text-sm ${pressed ? 'bg-sky-100 font-medium text-sky-900 dark:bg-sky-900/60 dark:text-sky-100' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`;
  return (
    <div ref={container} role="group" aria-label="Compare with" className="relative flex flex-wrap items-center gap-1">
      {presets.map(({ preset, base: presetBase }) =>
        presetBase ? (
          <button key={preset} type="button" title={PRESET_LABELS[preset]} aria-pressed={rangesEqual(presetBase, base)} className={toggle(rangesEqual(presetBase, base))} onClick={() => onChange(presetBase)}>
            {SHORT_LABELS[preset]}
          </button>
        ) : null,
      )}
      <button ref={trigger} type="button" aria-pressed={custom} aria-expanded={open} aria-controls={open ? `${id}-form` : undefined} className={toggle(custom)} onClick={() => setOpen((was) => !was)}>
        Other range…
      </button>
      {open ? (
        <div id={`${id}-form`} className="absolute left-0 top-full z-20 mt-1 w-72 rounded-md border border-slate-200 bg-white p-3 text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
          <AbsoluteRangeForm
            value={base}
            zone="utc"
            onApply={(next) => {
              onChange(next);
              close();
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
