import type { UrlView } from '../../app/url-state.ts';
import { BASE_PARAMS } from '../../components/view-toolbar/compare-range.ts';
import { filterViewUrl, type FilterView, type ViewParams } from '../../components/view-toolbar/filter-view.ts';
import type { TimeRange } from '../../components/time-range/time-range-model.ts';

/** The Compare view's own parameter: the base range the filter's range is compared with (`base-since`, `base-until`). */
interface CompareOwnView {
  base: TimeRange;
}
export type CompareView = FilterView & CompareOwnView;

const COMPARE_PARAMS: ViewParams<CompareOwnView> = {
  names: Object.values(BASE_PARAMS),
  read: (params) => ({ base: { since: params.get(BASE_PARAMS.since) || null, until: params.get(BASE_PARAMS.until) || null } }),
  write: (view, params) => {
    if (view.base.since) params.set(BASE_PARAMS.since, view.base.since);
    if (view.base.until) params.set(BASE_PARAMS.until, view.base.until);
  },
};

/** The Compare view's URL, read and written by the app's one URL writer. */
export const COMPARE_VIEW: UrlView<CompareView> = filterViewUrl(COMPARE_PARAMS);
