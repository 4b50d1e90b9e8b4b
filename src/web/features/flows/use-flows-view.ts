import { useCallback } from 'react';
import { useUrlState } from '../../app/url-state.ts';
import { patchFlowsView, readFlowsView, type FlowsView } from './view-state.ts';

/**
 * The Flows view state from the URL, and a setter. Filter and time changes add a history entry
 * (Back undoes them); opening a flow, columns and sort replace the current one.
 */
export function useFlowsView() {
  const [view, update] = useUrlState(readFlowsView);
  const setView = useCallback(
    (patch: Partial<FlowsView>, options: { replace?: boolean } = {}) => update((params) => patchFlowsView(params, patch), options),
    [update],
  );
  return [view, setView] as const;
}
