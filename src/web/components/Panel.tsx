import { useId, type ReactNode } from 'react';
import { errorMessage } from '../api/client.ts';
import { Spinner } from './Spinner.tsx';

/** What a panel needs from a TanStack query to show its loading, error and refreshing states. */
export interface PanelQuery {
  isPending: boolean;
  isError: boolean;
  isFetching?: boolean;
  error: unknown;
  refetch(): unknown;
}

interface PanelProps {
  title: ReactNode;
  /** A line under the title: what is counted, what a click does. */
  subtitle?: ReactNode;
  actions?: ReactNode;
  query?: PanelQuery;
  /** Shown instead of the body when the query succeeded with nothing to show. */
  empty?: string | false;
  className?: string;
  children?: ReactNode;
}

/** A dashboard panel: a titled card that shows its own loading, error and empty states. */
export function Panel({ title, subtitle, actions, query, empty, className = '', children }: PanelProps) {
  const titleId = useId();
  const refreshing = query !== undefined && !query.isPending && query.isFetching === true;
  return (
    <section
      aria-labelledby={titleId}
      aria-busy={query?.isPending || refreshing || undefined}
      className={`flex min-w-0 flex-col rounded-md border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900 ${className}`}
    >
      <header className="flex items-start gap-2 px-3 pt-2.5 pb-1.5">
        <div className="min-w-0 flex-1">
          <h2 id={titleId} className="truncate text-sm font-semibold text-slate-800 dark:text-slate-100">
            {title}
          </h2>
          {subtitle ? <p className="truncate text-xs text-slate-500 dark:text-slate-400">{subtitle}</p> : null}
        </div>
        {refreshing ? <span aria-hidden="true" className="mt-1 size-2 animate-pulse rounded-full bg-sky-500" title="Refreshing" /> : null}
        {actions}
      </header>
      <div className="min-h-0 flex-1 px-3 pb-3">
        <PanelBody query={query} empty={empty}>
          {children}
        </PanelBody>
      </div>
    </section>
  );
}

function PanelBody({ query, empty, children }: { query?: PanelQuery; empty?: string | false; children?: ReactNode }) {
  if (query?.isPending) {
    return (
      <div className="flex h-full min-h-16 items-center justify-center">
        <Spinner />
      </div>
    );
  }
  if (query?.isError) {
    return (
      <div role="alert" className="rounded border border-orange-300 bg-orange-50 p-2 text-xs text-orange-900 dark:border-orange-800 dark:bg-orange-950/40 dark:text-orange-100">
        <p className="font-medium">Could not load this panel</p>
        <p className="mt-0.5 font-mono break-words">{errorMessage(query.error)}</p>
        <button type="button" className="btn mt-2 !py-0.5 !text-xs" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (empty) {
    return <p className="flex h-full min-h-16 items-center justify-center text-center text-sm text-slate-500 dark:text-slate-400">{empty}</p>;
  }
  return <>{children}</>;
}
