/**
 * Every colour the web app paints, named by what it means — the only file that spells a colour out
 * (an ESLint rule refuses hex colours anywhere else in src/web). Charts, the graph canvas and the
 * PromQL editor read these values; Tailwind classes reach the roles in `CSS_ROLES` as utilities
 * (`bg-dropped/15`, `text-dropped-ink`), through the custom properties palette-css.ts writes.
 */

export type PaletteTheme = 'light' | 'dark';

/** Okabe–Ito, safe for the common colour-vision deficiencies; the order parts of a chart get them. */
const CATEGORY_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'] as const;
const [BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, SKY_BLUE, VERMILLION] = CATEGORY_COLORS;

const VERDICT_HUES = {
  FORWARDED: BLUISH_GREEN,
  DROPPED: VERMILLION,
  ERROR: REDDISH_PURPLE,
  AUDIT: ORANGE,
  REDIRECTED: SKY_BLUE,
  TRACED: SKY_BLUE,
  TRANSLATED: BLUE,
} as const;

/** One colour per verdict (the same in both themes). */
export const VERDICT_COLORS: Readonly<Record<string, string | undefined>> = VERDICT_HUES;

/** What has no verdict colour: "other" parts, unknown verdicts, graph edges without errors (light). */
export const NEUTRAL_COLOR = '#94a3b8';

export function verdictColor(verdict: string): string {
  return VERDICT_COLORS[verdict] ?? NEUTRAL_COLOR;
}

/** Metric chart series: Okabe–Ito first, then Tol's muted set; readable on both backgrounds. */
const SERIES_COLORS = [...CATEGORY_COLORS, '#999933', '#882255', '#44AA99', '#AA4499', '#88CCEE'] as const;

/** The colour of the `index`th series of a metric chart (the list repeats past its end). */
export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length] ?? NEUTRAL_COLOR;
}

/** The colour of the `index`th part of a flow chart split by something other than verdict. */
export function categoryColor(index: number): string {
  return CATEGORY_COLORS[index % CATEGORY_COLORS.length] ?? NEUTRAL_COLOR;
}

/** A chosen time span on a histogram (the brush of a zoom). */
export const SELECTION_COLOR = '#0ea5e9';

/** Heatmap cells; how many a cell holds sets its opacity. */
export const HEATMAP_COLOR = '#0284c7';

/** Graph edges and node borders with errors: many (bad) or some (warn); the legend shows the same. */
export const HEALTH_COLORS = { bad: VERMILLION, warn: ORANGE } as const;

export interface GraphPalette {
  background: string;
  text: string;
  textOutline: string;
  edge: string;
  node: string;
  nodeBorder: string;
  outside: string;
  box: string;
  boxBorder: string;
  selected: string;
  /** What appeared since the base range (Compare). */
  added: string;
}

/** The dependency graph, drawn by Cytoscape or (large graphs) on a canvas. */
export const GRAPH_PALETTES: Readonly<Record<PaletteTheme, GraphPalette>> = {
  light: {
    background: '#ffffff',
    text: '#1e293b',
    textOutline: '#ffffff',
    edge: NEUTRAL_COLOR,
    node: '#bfdbfe',
    nodeBorder: '#2563eb',
    outside: '#e9d5ff',
    box: '#f1f5f9',
    boxBorder: '#94a3b8',
    selected: SELECTION_COLOR,
    added: '#0369a1',
  },
  dark: {
    background: '#0f172a',
    text: '#e2e8f0',
    textOutline: '#0f172a',
    edge: '#64748b',
    node: '#1e3a8a',
    nodeBorder: '#60a5fa',
    outside: '#581c87',
    box: '#1e293b',
    boxBorder: '#475569',
    selected: '#38bdf8',
    added: '#38bdf8',
  },
};

export interface EditorPalette {
  text: string;
  /** Tooltips and the completion list. */
  panel: string;
  panelBorder: string;
  placeholder: string;
  /** The chosen completion: background (its text is `chosenText`). */
  chosen: string;
  chosenText: string;
  /** Syntax highlighting, each at least 4.5:1 on the editor's background. */
  keyword: string;
  fn: string;
  label: string;
  string: string;
  number: string;
  comment: string;
  invalid: string;
}

/** The PromQL editor (CodeMirror), per theme. */
export const EDITOR_PALETTES: Readonly<Record<PaletteTheme, EditorPalette>> = {
  light: {
    text: '#0f172a',
    panel: '#ffffff',
    panelBorder: '#cbd5e1',
    placeholder: '#475569',
    chosen: HEATMAP_COLOR,
    chosenText: '#ffffff',
    keyword: '#a21caf',
    fn: '#075985',
    label: '#92400e',
    string: '#065f46',
    number: '#1e40af',
    comment: '#475569',
    invalid: '#b91c1c',
  },
  dark: {
    text: '#f1f5f9',
    panel: '#1e293b',
    panelBorder: '#475569',
    placeholder: '#94a3b8',
    chosen: '#0369a1',
    chosenText: '#ffffff',
    keyword: '#f0abfc',
    fn: '#7dd3fc',
    label: '#fcd34d',
    string: '#6ee7b7',
    number: '#93c5fd',
    comment: '#94a3b8',
    invalid: '#fca5a5',
  },
};

/** A role Tailwind classes use: its colour on the light and on the dark background. */
export interface CssRole {
  light: string;
  dark: string;
}

const same = (color: string): CssRole => ({ light: color, dark: color });

/**
 * The roles page markup uses, as Tailwind colours (`bg-forwarded/15`, `text-dropped-ink`, …):
 * the verdict hues for fills, rings and bars; their "ink" for text in a verdict's colour
 * (4.5:1 on the page in either theme); and the few text colours that are not a verdict's.
 * index.css declares each name in its `@theme`.
 */
export const CSS_ROLES = {
  forwarded: same(VERDICT_HUES.FORWARDED),
  dropped: same(VERDICT_HUES.DROPPED),
  error: same(VERDICT_HUES.ERROR),
  audit: same(VERDICT_HUES.AUDIT),
  redirected: same(VERDICT_HUES.REDIRECTED),
  translated: same(VERDICT_HUES.TRANSLATED),
  'forwarded-ink': { light: '#005a41', dark: '#5fd3b0' },
  'dropped-ink': { light: '#8a3c00', dark: '#ff9d5c' },
  'error-ink': { light: '#7a3560', dark: '#eeb0d3' },
  'audit-ink': { light: '#704d00', dark: '#ffc94d' },
  'redirected-ink': { light: '#1a5c82', dark: '#8fd0f5' },
  'translated-ink': { light: '#005f94', dark: '#7fbfe6' },
  /** Something working as it should: live follow on, the index ready. */
  'healthy-ink': { light: '#00684c', dark: '#5fd3b0' },
  /** A failure in a line of text: an L7 error's summary, a file that cannot be read. */
  'failure-ink': { light: '#a34700', dark: '#ff9d5c' },
  /** Facts worth a look that are not problems: DNS problems' kind, external destinations. */
  info: { light: BLUE, dark: SKY_BLUE },
} as const satisfies Record<string, CssRole>;
