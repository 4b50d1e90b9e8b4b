import { useId, useState, type FormEvent } from 'react';
import { zoneLabel, type TimeZone } from './time-format.ts';
import { absoluteRange, toDateTimeLocal, type TimeRange } from './time-range-model.ts';

interface AbsoluteRangeFormProps {
  value: TimeRange;
  zone: TimeZone;
  onApply(range: TimeRange): void;
}

const inputClass =
  'w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:[color-scheme:dark]';

/** Two datetime inputs in the chosen zone; an empty one leaves that end open. */
export function AbsoluteRangeForm({ value, zone, onApply }: AbsoluteRangeFormProps) {
  const id = useId();
  // Prefilled with the current range made absolute, so "the same, but ending at 10:30" is one edit.
  const [from, setFrom] = useState(() => toDateTimeLocal(value.since, zone, Date.now()));
  const [to, setTo] = useState(() => toDateTimeLocal(value.until, zone, Date.now()));
  const [error, setError] = useState<string | null>(null);
  const zoneText = zoneLabel(zone);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = absoluteRange(from, to, zone);
    if ('error' in result) setError(result.error);
    else onApply(result.range);
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-2" aria-labelledby={`${id}-title`} noValidate>
      <h3 id={`${id}-title`} className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        Absolute range <span className="font-normal normal-case">({zoneText})</span>
      </h3>
      <label className="flex flex-col gap-0.5 text-xs text-slate-600 dark:text-slate-300">
        From ({zoneText})
        <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} className={inputClass} />
      </label>
      <label className="flex flex-col gap-0.5 text-xs text-slate-600 dark:text-slate-300">
        To ({zoneText}) — empty for now
        <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} className={inputClass} />
      </label>
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="self-end rounded bg-sky-600 px-3 py-1 text-sm font-medium text-white hover:bg-sky-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 dark:focus-visible:ring-offset-slate-900"
      >
        Apply range
      </button>
    </form>
  );
}
