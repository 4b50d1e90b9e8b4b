import { useState } from 'react';
import { Link } from 'react-router';
import { COMPARE_PRESETS } from '../../../shared/api-compare.ts';
import { usePopover } from '../time-range/use-popover.ts';
import { baseRange, compareHref, PRESET_LABELS } from './compare-range.ts';
import type { FilterView } from './filter-view.ts';

const itemClass = 'block rounded px-2 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800';

/**
 * "Compare with…": opens the Compare view with this filter and range against a base range. Each
 * choice is a link (middle-click opens it in a new tab); any other base is chosen on that view.
 */
export function CompareWithMenu({ view }: { view: Pick<FilterView, 'filter' | 'since' | 'until'> }) {
  const { open, setOpen, close, id, container, trigger } = usePopover();
  const [nowMs, setNowMs] = useState(() => Date.now());
  const range = { since: view.since, until: view.until };
  const previous = baseRange(range, 'previous', nowMs);

  return (
    <div ref={container} className="relative">
      <button
        ref={trigger}
        type="button"
        className="btn h-8"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => {
          setNowMs(Date.now());
          setOpen((was) => !was);
        }}
      >
        Compare with…
      </button>
      {open ? (
        <div id={`${id}-menu`} className="absolute right-0 top-full z-20 mt-1 w-60 rounded-md border border-slate-200 bg-white p-1.5 text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
          {previous ? (
            <ul aria-label="Compare this range with">
              {COMPARE_PRESETS.map((preset) => {
                const base = baseRange(range, preset, nowMs);
                return base ? (
                  <li key={preset}>
                    <Link className={itemClass} to={compareHref(view, base)} onClick={close}>
                      {PRESET_LABELS[preset]}
                    </Link>
                  </li>
                ) : null;
              })}
              <li>
                <Link className={itemClass} to={compareHref(view, previous)} onClick={close}>
                  Any range… <span className="text-xs text-slate-600 dark:text-slate-400">(choose it there)</span>
                </Link>
              </li>
            </ul>
          ) : (
            <p className="px-2 py-1 text-sm text-slate-600 dark:text-slate-300">Choose a time range with a start first: all time has no period before it.</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
