import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

/**
 * View state lives in the URL query, and every view reads and writes it through here. A view
 * describes its state once, as a `UrlView`: how to read it from the query, how to write it back,
 * and (optionally) the rule every change goes through.
 */
export interface UrlView<T> {
  read(params: URLSearchParams): T;
  /** The view's whole query, defaults left out so links stay short. */
  write(view: T): URLSearchParams;
  /** Applies a change; without it the patch simply replaces what it names. */
  change?(view: T, patch: Partial<T>): T;
}

/** Parameters of the whole app rather than of a view (`?kiosk`, `?theme=dark`): every write keeps them. */
export const APP_PARAMS: readonly string[] = ['kiosk', 'theme'];

/** The query after `patch`: the view's own parameters rewritten, the app's kept. */
export function changeUrl<T>(params: URLSearchParams, view: UrlView<T>, patch: Partial<T>): URLSearchParams {
  const current = view.read(params);
  const next = view.write(view.change ? view.change(current, patch) : { ...current, ...patch });
  for (const name of APP_PARAMS) for (const value of params.getAll(name)) next.append(name, value);
  return next;
}

/**
 * A view's state from the URL, and its setter. Filter and time changes add a history entry (Back
 * undoes them); `replace` keeps small steps (a selection, a column) out of history.
 */
export function useUrlView<T>(view: UrlView<T>) {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => view.read(params), [view, params]);
  const setView = useCallback(
    (patch: Partial<T>, options: { replace?: boolean } = {}) => {
      setParams((current) => changeUrl(current, view, patch), { replace: options.replace ?? false });
    },
    [setParams, view],
  );
  return [state, setView] as const;
}
