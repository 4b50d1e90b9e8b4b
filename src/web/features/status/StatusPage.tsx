import type { FileStatus } from '../../../shared/api.ts';
import { formatCount } from '../../../shared/format-count.ts';
import { errorMessage } from '../../api/client.ts';
import { useStatus } from '../../api/hooks.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { formatBytesOf } from '../../components/format.ts';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { Spinner } from '../../components/Spinner.tsx';

const STATE_LABEL: Record<FileStatus['state'], string> = {
  reading: 'reading',
  following: 'following',
  done: 'done',
  gone: 'gone',
  error: 'error',
};

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800">
      <div className="text-[11px] tracking-wide text-slate-500 uppercase dark:text-slate-400">{label}</div>
      <div className="text-lg font-semibold tabular-nums">{value}</div>
    </div>
  );
}

/** Files by path, so each folder's (a node's) are together, rotated ones before the live one: `events-2026-…` sorts before `events.log`. */
const byPath = <File extends { path: string }>(files: readonly File[]): File[] => [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

/** Ingest progress: files being read, flows indexed, lines that could not be read and why. */
export function StatusPage() {
  const status = useStatus();
  if (status.isPending) return <div className="p-6"><Spinner /></div>;
  if (status.isError) return <ErrorState title="Could not load the ingest status" message={errorMessage(status.error)} />;
  const { totals, files, badLines, lineKinds, timeRange, ready, maxFlows } = status.data;
  return (
    <div className="min-h-0 flex-1 overflow-auto p-4 text-sm">
      <div className="mb-4 flex items-center gap-3">
        <h1 className="text-lg font-semibold">Ingest status</h1>
        <span className={`rounded px-2 py-0.5 text-xs font-medium ${ready ? 'bg-forwarded/15 text-healthy-ink' : 'bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200'}`}>
          {ready ? 'Index ready' : 'Building index…'}
        </span>
      </div>
      <div className="mb-2">
        <ProgressBar value={totals.bytesRead} max={totals.bytesTotal} label="Bytes read" />
      </div>
      <div className="mb-6 grid grid-cols-2 gap-2 md:grid-cols-4 lg:grid-cols-7">
        <Stat label="Files" value={formatCount(totals.files)} />
        <Stat label="Read" value={formatBytesOf(totals.bytesRead, totals.bytesTotal)} />
        <Stat label="Flows indexed" value={formatCount(totals.flows)} />
        <Stat label="Capacity" value={maxFlows === null ? 'no limit' : formatCount(maxFlows)} />
        <Stat label="Evicted" value={formatCount(totals.evicted)} />
        <Stat label="Bad lines" value={formatCount(totals.badLines)} />
        <Stat label="Lines / s" value={formatCount(Math.round(totals.linesPerSecond))} />
      </div>
      {timeRange.first && timeRange.last ? (
        <p className="mb-4 text-slate-600 dark:text-slate-300">
          Flows from <span className="font-mono">{timeRange.first}</span> to <span className="font-mono">{timeRange.last}</span>
        </p>
      ) : null}
      <h2 className="mb-2 font-semibold">Files</h2>
      <table className="mb-6 w-full text-left text-[13px]">
        <thead className="text-[11px] tracking-wide text-slate-500 uppercase dark:text-slate-400">
          <tr>
            <th className="py-1 pr-3 font-semibold">Path</th>
            <th className="py-1 pr-3 font-semibold">State</th>
            <th className="w-48 py-1 pr-3 font-semibold">Read</th>
            <th className="py-1 pr-3 text-right font-semibold">Flows</th>
            <th className="py-1 text-right font-semibold">Bad lines</th>
          </tr>
        </thead>
        <tbody>
          {byPath(files).map((file) => (
            <tr key={file.path} className="border-t border-slate-100 dark:border-slate-800">
              <td className="py-1 pr-3 font-mono text-[12px] wrap-anywhere">
                {file.path}
                {file.error ? <div className="text-failure-ink">{file.error}</div> : null}
              </td>
              <td className="py-1 pr-3">{STATE_LABEL[file.state]}</td>
              <td className="py-1 pr-3">
                <ProgressBar value={file.bytesRead} max={file.size} label={`${file.path} read`} />
                <span className="text-[11px] text-slate-500">{formatBytesOf(file.bytesRead, file.size)}</span>
              </td>
              <td className="py-1 pr-3 text-right tabular-nums">{formatCount(file.flows)}</td>
              <td className="py-1 text-right tabular-nums">{formatCount(file.badLines)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="grid gap-6 md:grid-cols-2">
        <section>
          <h2 className="mb-2 font-semibold">Line kinds</h2>
          <ul>
            {Object.entries(lineKinds).map(([kind, count]) => (
              <li key={kind} className="flex justify-between border-t border-slate-100 py-1 dark:border-slate-800">
                <span className="font-mono text-[12px]">{kind}</span>
                <span className="tabular-nums">{formatCount(count)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h2 className="mb-2 font-semibold">Bad lines by reason</h2>
          {Object.keys(badLines.byReason).length === 0 ? <p className="text-slate-500">None.</p> : null}
          <ul>
            {Object.entries(badLines.byReason).map(([reason, count]) => (
              <li key={reason} className="flex justify-between border-t border-slate-100 py-1 dark:border-slate-800">
                <span>{reason}</span>
                <span className="tabular-nums">{formatCount(count)}</span>
              </li>
            ))}
          </ul>
          {badLines.samples.map((sample) => (
            <div key={`${sample.file}:${sample.line}`} className="mt-2 rounded bg-slate-50 p-2 dark:bg-slate-900">
              <div className="text-[12px] text-slate-500">
                <span className="font-mono">{sample.file}:{sample.line}</span> — {sample.reason}
              </div>
              <pre className="overflow-x-auto font-mono text-[11px]">{sample.sample}</pre>
            </div>
          ))}
        </section>
      </div>
    </div>
  );
}
