export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const ratio = max > 0 ? Math.min(1, value / max) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(ratio * 100)}
      className="h-1.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
    >
      <div className="h-full bg-sky-600 transition-[width] dark:bg-sky-400" style={{ width: `${ratio * 100}%` }} />
    </div>
  );
}
