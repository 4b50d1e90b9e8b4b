/** Bar fills of top lists by what they count (Tailwind classes of palette.ts's roles). */
export const BAR_CLASSES = {
  dropped: 'bg-dropped/25 dark:bg-dropped/35',
  error: 'bg-error/25 dark:bg-error/35',
  /** Destinations new in this range. */
  fresh: 'bg-audit/30 dark:bg-audit/35',
} as const;
