import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * View state lives in the URL query. A view reads it with a pure `read(params)` and changes it
 * with `update(params => params)`; `replace` keeps small steps (typing, scrolling) out of history.
 */
export function useUrlState<T>(read: (params: URLSearchParams) => T) {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (change: (params: URLSearchParams) => URLSearchParams, options: { replace?: boolean } = {}) => {
      setParams((current) => change(new URLSearchParams(current)), { replace: options.replace ?? false });
    },
    [setParams],
  );
  return [read(params), update, params] as const;
}
