import { useStatus } from '../api/hooks.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { formatBytes, formatCount } from '../components/format.ts';

/** Shown while the first index is being built, so an empty table is not mistaken for no data. */
export function IngestBanner() {
  const status = useStatus();
  if (!status.data || status.data.ready) return null;
  const { bytesRead, bytesTotal, flows, files } = status.data.totals;
  return (
    <div className="border-b border-sky-200 bg-sky-50 px-3 py-2 text-sm dark:border-sky-900 dark:bg-sky-950/50">
      <div className="mb-1 flex flex-wrap gap-x-4">
        <span className="font-medium">Building the flow index…</span>
        <span>
          {formatBytes(bytesRead)} of {formatBytes(bytesTotal)} read from {formatCount(files)} files
        </span>
        <span>{formatCount(flows)} flows indexed</span>
      </div>
      <ProgressBar value={bytesRead} max={bytesTotal} label="Index build progress" />
    </div>
  );
}
