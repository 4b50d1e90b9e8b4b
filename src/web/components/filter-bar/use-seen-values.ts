import { useEffect, useRef, useState } from 'react';
import { suggestsSeenValues } from './suggest.ts';

const NONE: readonly string[] = [];

export type SuggestValues = (key: string, prefix: string) => Promise<string[]>;

/**
 * Values the index has seen for `key`, asked for once typing pauses. An answer that arrives after
 * the key or prefix moved on is dropped, so a slow reply never overwrites a newer one.
 */
export function useSeenValues(key: string | null, prefix: string, suggestValues: SuggestValues, delayMs = 150): readonly string[] {
  const [answer, setAnswer] = useState<{ key: string; values: readonly string[] } | null>(null);
  // The caller may pass a new function each render; only key and prefix should restart the wait.
  const latest = useRef(suggestValues);
  useEffect(() => {
    latest.current = suggestValues;
  }, [suggestValues]);

  const wanted = key !== null && suggestsSeenValues(key) ? key : null;
  useEffect(() => {
    if (wanted === null) return;
    let current = true;
    const timer = setTimeout(() => {
      latest.current(wanted, prefix).then(
        (values) => current && setAnswer({ key: wanted, values }),
        () => current && setAnswer({ key: wanted, values: NONE }),
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [wanted, prefix, delayMs]);

  // Earlier answers for the same key stay useful while the next one is on its way.
  return answer !== null && answer.key === wanted ? answer.values : NONE;
}
