import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { REFRESH } from '../../app/refresh.ts';
import { useUrlView } from '../../app/url-state.ts';
import { filterViewUrl, NO_VIEW_PARAMS, type FilterView } from './filter-view.ts';

const DASHBOARD_VIEW = filterViewUrl(NO_VIEW_PARAMS);

/** A view with only the filter, time range and follow in its URL (the dashboard), and its setter. */
export function useFilterView() {
  return useUrlView<FilterView>(DASHBOARD_VIEW);
}

/** While on, the queries on screen are refreshed every few seconds (dashboards' "Live"). */
export function useAutoRefresh(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled) return undefined;
    const timer = window.setInterval(() => void client.invalidateQueries({ type: 'active' }), REFRESH.dashboard);
    return () => window.clearInterval(timer);
  }, [client, enabled]);
}
