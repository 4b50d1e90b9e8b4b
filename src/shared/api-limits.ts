/**
 * How much one API answer may hold, and how much it holds when the asker does not say: the server
 * refuses past the maxima, and the web app asks for the defaults.
 */

/** Time buckets in a histogram or series answer (`buckets=N`). */
export const DEFAULT_BUCKETS = 120;
export const HISTOGRAM_MAX_BUCKETS = 2000;

/** Flows in one page of /api/flows (`limit=N`). */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 10_000;

/** Rows in one /api/top answer (`limit=N`). */
export const DEFAULT_TOP_LIMIT = 10;
export const MAX_TOP_LIMIT = 100;

/** Problems in one /api/problems answer (`limit=N`). */
export const DEFAULT_PROBLEMS_LIMIT = 100;
export const MAX_PROBLEMS_LIMIT = 1000;

/** Suggestions in one /api/values answer, the most frequent first. */
export const MAX_SUGGESTED_VALUES = 50;

/** Items in one /api/compare answer (`limit=N`). */
export const DEFAULT_COMPARE_LIMIT = 20;
export const MAX_COMPARE_LIMIT = 100;
