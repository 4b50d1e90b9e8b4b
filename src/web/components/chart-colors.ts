/**
 * Series colours for metric charts: Okabe–Ito first (safe for common colour-vision deficiencies),
 * then Tol's muted set; all readable on both the light and the dark background.
 */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999933', '#882255', '#44AA99', '#AA4499', '#88CCEE'] as const;
