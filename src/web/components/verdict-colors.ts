/** One colour per verdict, from the Okabe–Ito palette (safe for the common colour-vision deficiencies). */
export const VERDICT_COLORS: Record<string, string> = {
  FORWARDED: '#009E73',
  DROPPED: '#D55E00',
  ERROR: '#CC79A7',
  AUDIT: '#E69F00',
  REDIRECTED: '#56B4E9',
  TRACED: '#56B4E9',
  TRANSLATED: '#0072B2',
};

export const NEUTRAL_COLOR = '#94a3b8';
