import type { ReactNode } from 'react';
import type { Filter } from '../../../shared/filter/index.ts';
import { useStatus, useSuggestValues } from '../../api/hooks.ts';
import { FilterBar } from '../filter-bar/FilterBar.tsx';
import { TimeRangePicker } from '../time-range/TimeRangePicker.tsx';
import type { FilterView } from './filter-view.ts';

interface ViewToolbarProps {
  view: FilterView;
  onChange(patch: Partial<FilterView>): void;
  placeholder: string;
  /** Buttons after the time range (world toggle, export…). */
  children?: ReactNode;
}

/** Since/until typed into the filter bar belong to the time range. */
function splitTimeTerms(filter: Filter): Partial<FilterView> {
  const value = (key: string) => filter.find((term) => term.key === key && !term.negate)?.value;
  const since = value('since');
  const until = value('until');
  return { filter: filter.filter((term) => term.key !== 'since' && term.key !== 'until'), ...(since ? { since } : {}), ...(until ? { until, follow: false } : {}) };
}

/** Filter bar, time range and a view's own buttons: the top of every dashboard-like view. */
export function ViewToolbar({ view, onChange, placeholder, children }: ViewToolbarProps) {
  const suggestValues = useSuggestValues(view.filter);
  const status = useStatus();
  return (
    <div className="flex flex-wrap items-start gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
      <div className="min-w-[20rem] flex-1">
        <FilterBar filter={view.filter} onChange={(next) => onChange(splitTimeTerms(next))} suggestValues={suggestValues} placeholder={placeholder} />
      </div>
      <TimeRangePicker
        value={{ since: view.since, until: view.until }}
        onChange={(range) => onChange({ since: range.since, until: range.until, ...(range.until ? { follow: false } : {}) })}
        follow={view.follow}
        onFollowChange={(follow) => onChange(follow ? { follow, until: null } : { follow })}
        indexSpan={status.data?.timeRange}
        timeZone="utc"
      />
      {children}
    </div>
  );
}
