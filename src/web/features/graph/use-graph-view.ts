import { useCallback, useEffect, useState } from 'react';
import { useUrlState } from '../../app/url-state.ts';
import { patchGraphView, readGraphView, type GraphView } from './view-state.ts';

/** The graph view state from the URL; filter, grouping and focus changes go into history, selection replaces. */
export function useGraphView() {
  const [view, update] = useUrlState(readGraphView);
  const setView = useCallback(
    (patch: Partial<GraphView>, options: { replace?: boolean } = {}) => update((params) => patchGraphView(params, patch), options),
    [update],
  );
  return [view, setView] as const;
}

const isDark = () => document.documentElement.classList.contains('dark');

/** The app's theme (class `dark` on <html>), followed as it changes: the canvas cannot use CSS variants. */
export function useDocumentTheme(): 'light' | 'dark' {
  const [dark, setDark] = useState(isDark);
  useEffect(() => {
    const observer = new MutationObserver(() => setDark(isDark()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return dark ? 'dark' : 'light';
}
