import { isRouteErrorResponse, useRouteError } from 'react-router';

/** How browsers word a code chunk that could not be fetched (Chromium, Firefox, Safari). */
const CHUNK_NOT_LOADED = /dynamically imported module|Importing a module script failed/i;

/**
 * What a view shows instead of React Router's developer page when it fails: above all a code chunk
 * that did not load (the server restarted with a newer build, or the link dropped), which only a
 * reload fixes. The navigation stays, so the other views remain one click away.
 */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : String(error);
  const notLoaded = CHUNK_NOT_LOADED.test(message);
  return (
    <div role="alert" className="space-y-2 p-8 text-sm">
      <p className="font-medium">{notLoaded ? 'This view’s code could not be loaded.' : 'This view failed.'}</p>
      <p className="text-slate-600 dark:text-slate-400">{message}</p>
      <p>{notLoaded ? 'The server may have restarted with a newer version, or the connection dropped: reload the page.' : 'Reload the page to try again; the message above says what failed.'}</p>
      <button type="button" className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
