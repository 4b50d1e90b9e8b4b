import { useEffect, useRef, useState } from 'react';
import { AbsoluteRangeForm } from './AbsoluteRangeForm.tsx';
import { formatDateTime, zoneLabel, type TimeZone } from './time-format.ts';
import { canFollow, formatRangeLabel, PRESETS, rangesEqual, type TimeRange } from './time-range-model.ts';
import { usePopover } from './use-popover.ts';

export type { TimeRange } from './time-range-model.ts';
;

export interface TimeRangePickerProps {
  value: TimeRange;
  onChange(range: TimeRange): void;
  /** Live follow (auto-refresh) on/off. */
  follow: boolean;
  onFollowChange(follow: boolean): void;
  /** What the index holds, shown as a hint with a button to jump there. */
  indexSpan?: { first: string | null; last: string | null };
  /** Clock used for labels and the absolute inputs; default the browser's. */
  timeZone?: TimeZone;
}

const focusRing = 'focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500';
const buttonBase = `inline-flex h-8 items-center gap-1.5 border border-slate-300 bg-white px-2.5 text-sm text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700 ${focusRing}`;

export function TimeRangePicker({ value, onChange, follow, onFollowChange, indexSpan, timeZone = 'local' }: TimeRangePickerProps) {
  const { open, setOpen, id, container, trigger } = usePopover();
  // "Today" for labels; refreshed whenever the user opens the picker.
  const [nowMs, setNowMs] = useState(() => Date.now());
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const current = panel.current?.querySelector<HTMLElement>('[aria-pressed="true"]') ?? panel.current?.querySelector<HTMLElement>('button');
    current?.focus();
  }, [open]);

  const choose = (range: TimeRange) => {
    onChange(range);
    if (follow && !canFollow(range)) onFollowChange(false);
    setOpen(false);
    trigger.current?.focus();
  };

  const label = formatRangeLabel(value, timeZone, nowMs);
  const followable = canFollow(value);
  const first = indexSpan?.first ?? null;
  const last = indexSpan?.last ?? null;

  return (
    <div ref={container} className="relative inline-flex items-stretch">
      <button
        ref={trigger}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? `${id}-panel` : undefined}
        aria-label={`Time range: ${label}`}
        onClick={() => {
          setNowMs(Date.now());
          setOpen((was) => !was);
        }}
        className={`${buttonBase} rounded-l`}
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4 fill-none stroke-current" strokeWidth="1.5">
          <circle cx="8" cy="8" r="6.25" />
          <path d="M8 4.5V8l2.5 1.5" />
        </svg>
        <span className="tabular-nums">{label}</span>
        <span aria-hidden="true" className="text-xs text-slate-500 dark:text-slate-400">▾</span>
      </button>
      <button
        type="button"
        role="switch"
        aria-checked={follow && followable}
        disabled={!followable}
        title={followable ? 'Refresh as new flows arrive' : 'Live follow needs a range that runs up to now'}
        onClick={() => onFollowChange(!follow)}
        className={`${buttonBase} -ml-px rounded-r disabled:cursor-not-allowed disabled:opacity-50 ${follow && followable ? 'text-emerald-700 dark:text-emerald-300' : ''}`}
      >
        <span
          aria-hidden="true"
          className={`h-2 w-2 rounded-full ${follow && followable ? 'animate-pulse bg-emerald-500' : 'bg-slate-400 dark:bg-slate-500'}`}
        />
        Live
      </button>

      {open && (
        <div
          ref={panel}
          id={`${id}-panel`}
          role="dialog"
          aria-label="Choose time range"
          className="absolute left-0 top-full z-20 mt-1 flex w-[30rem] max-w-[calc(100vw-2rem)] gap-4 rounded-md border border-slate-200 bg-white p-3 text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          <div className="flex w-32 shrink-0 flex-col gap-0.5" role="group" aria-label="Quick ranges">
            {PRESETS.map((preset) => {
              const selected = rangesEqual(preset.range, value);
              return (
                <button
                  key={preset.label}
                  type="button"
                  aria-pressed={selected}
                  onClick={() => choose(preset.range)}
                  className={`rounded px-2 py-1 text-left text-sm ${focusRing} ${
                    selected ? 'bg-sky-100 font-medium text-sky-900 dark:bg-sky-900/50 dark:text-sky-100' : 'hover:bg-slate-100 dark:hover:bg-slate-800'
                  }`}
                >
                  {preset.label}
                </button>
              );
            })}
          </div>
          <div className="flex min-w-0 flex-1 flex-col gap-3 border-l border-slate-200 pl-4 dark:border-slate-700">
            <AbsoluteRangeForm value={value} zone={timeZone} onApply={choose} />
            {(first !== null || last !== null) && (
              <div className="border-t border-slate-200 pt-2 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-400">
                <p>
                  Index holds {first ? formatDateTime(Date.parse(first), timeZone) : '…'} – {last ? formatDateTime(Date.parse(last), timeZone) : 'now'} ({zoneLabel(timeZone)})
                </p>
                <button
                  type="button"
                  onClick={() => choose({ since: first, until: last })}
                  className={`mt-1 rounded text-sky-700 underline hover:text-sky-900 dark:text-sky-400 dark:hover:text-sky-300 ${focusRing}`}
                >
                  Show everything indexed
                </button>
              </div>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
