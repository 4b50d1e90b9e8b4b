import { useQueryClient } from '@tanstack/react-query';
import { formatCount } from '../../shared/format-count.ts';
import { useEffect, useRef } from 'react';
import { apiQueryKey } from '../api/api-query.ts';
import { useStatus } from '../api/hooks.ts';
import { flowApi } from '../api/requests.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { formatBytes } from '../components/format.ts';

/**
 * Shown on every view while the first index is being built, so a view holding few or no flows is
 * not mistaken for the logs holding none; once it is built, every view asks again and fills in.
 */
export function IngestBanner() {
  const status = useStatus();
  const ready = status.data?.ready;
  useRefreshWhenIndexed(ready);
  if (!status.data || ready) return null;
  const { bytesRead, bytesTotal, flows, files } = status.data.totals;
  return (
    <div className="border-b border-sky-200 bg-sky-50 px-3 py-2 text-sm dark:border-sky-900 dark:bg-sky-950/50">
      <div className="mb-1 flex flex-wrap items-baseline gap-x-4">
        <span role="status" className="font-medium">
          Indexing the flow logs…
        </span>
        <span>
          {formatBytes(bytesRead)} of {formatBytes(bytesTotal)} read from {formatCount(files)} {files === 1 ? 'file' : 'files'}
        </span>
        <span>{formatCount(flows)} flows so far</span>
        <span className="text-slate-600 dark:text-slate-300">Views show the flows read so far and fill in when the index is built.</span>
      </div>
      <ProgressBar value={bytesRead} max={bytesTotal} label="Indexing progress" />
    </div>
  );
}

/** When the first index is built, everything asked while it was being built is asked again. */
function useRefreshWhenIndexed(ready: boolean | undefined): void {
  const client = useQueryClient();
  const sawIndexing = useRef(false);
  useEffect(() => {
    if (ready === false) sawIndexing.current = true;
    if (ready !== true || !sawIndexing.current) return;
    sawIndexing.current = false;
    const [status] = apiQueryKey(flowApi.status());
    void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== status });
  }, [ready, client]);
}
