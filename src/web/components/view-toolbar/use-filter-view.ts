import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useUrlState } from '../../app/url-state.ts';
import { readFilterView, writeFilterView, type FilterView } from './filter-view.ts';

/** The view's filter and time range from the URL, and a setter (a filter change is a history step). */
export function useFilterView() {
  const [view, update] = useUrlState(readFilterView);
  const setView = useCallback(
    (patch: Partial<FilterView>, options: { replace?: boolean } = {}) => update((params) => writeFilterView(params, { ...readFilterView(params), ...patch }), options),
    [update],
  );
  return [view, setView] as const;
}

const REFRESH_MS = 10_000;

/** While on, the queries on screen are refreshed every few seconds (dashboards' "Live"). */
export function useAutoRefresh(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled) return undefined;
    const timer = window.setInterval(() => void client.invalidateQueries({ type: 'active' }), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [client, enabled]);
}
