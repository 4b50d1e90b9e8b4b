import type { ReactNode } from 'react';

/** A failed request, with the server's own message shown as it is. */
export function ErrorState({ title = 'Something went wrong', message, action }: { title?: string; message: string; action?: ReactNode }) {
  return (
    <div role="alert" className="m-4 rounded-md border border-orange-300 bg-orange-50 p-4 text-sm dark:border-orange-800 dark:bg-orange-950/40">
      <p className="font-semibold text-orange-900 dark:text-orange-200">{title}</p>
      <p className="mt-1 font-mono text-orange-900 whitespace-pre-wrap break-words dark:text-orange-100">{message}</p>
      {action ? <div className="mt-3">{action}</div> : null}
    </div>
  );
}
