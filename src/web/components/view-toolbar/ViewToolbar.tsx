import type { ReactNode } from 'react';
import { useStatus } from '../../api/hooks.ts';
import { FilterBar } from '../filter-bar/FilterBar.tsx';
import { TimeRangePicker } from '../time-range/TimeRangePicker.tsx';
import { CompareWithMenu } from './CompareWithMenu.tsx';
import type { FilterView } from './filter-view.ts';
import { InvalidTermsNote } from './InvalidTermsNote.tsx';

interface ViewToolbarProps {
  view: FilterView;
  /** Gets each change as the user made it; `changeFilterView` (through the view's URL) ties filter, range and follow together. */
  onChange(patch: Partial<FilterView>): void;
  placeholder: string;
  /** Buttons after the time range (world toggle, export…). */
  children?: ReactNode;
}

/** Filter bar, time range and a view's own buttons: the top of every flow view. */
export function ViewToolbar({ view, onChange, placeholder, children }: ViewToolbarProps) {
  const status = useStatus();
  return (
    <div className="flex flex-wrap items-start gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
      <div className="min-w-[20rem] flex-1">
        <FilterBar filter={view.filter} onChange={(filter) => onChange({ filter })} placeholder={placeholder} />
      </div>
      <TimeRangePicker
        value={{ since: view.since, until: view.until }}
        onChange={(range) => onChange({ since: range.since, until: range.until })}
        follow={view.follow}
        onFollowChange={(follow) => onChange({ follow })}
        indexSpan={status.data?.timeRange}
        timeZone="utc"
      />
      <CompareWithMenu view={view} />
      {children}
      <InvalidTermsNote terms={view.invalid} onRemove={(invalid) => onChange({ invalid: [...invalid] })} />
    </div>
  );
}
