/**
 * Verdict colours from the Okabe–Ito palette (safe for the common colour-vision deficiencies),
 * always with the verdict's name and a distinct symbol, so colour is never the only cue.
 */
const STYLES: Record<string, { symbol: string; className: string }> = {
  FORWARDED: { symbol: '→', className: 'bg-forwarded/15 text-forwarded-ink ring-forwarded/40' },
  DROPPED: { symbol: '✕', className: 'bg-dropped/15 text-dropped-ink ring-dropped/50' },
  ERROR: { symbol: '!', className: 'bg-error/20 text-error-ink ring-error/50' },
  AUDIT: { symbol: '◎', className: 'bg-audit/15 text-audit-ink ring-audit/50' },
  REDIRECTED: { symbol: '↪', className: 'bg-redirected/15 text-redirected-ink ring-redirected/50' },
  TRACED: { symbol: '·', className: 'bg-redirected/15 text-redirected-ink ring-redirected/50' },
  TRANSLATED: { symbol: '⇄', className: 'bg-translated/15 text-translated-ink ring-translated/40' },
};
const UNKNOWN = { symbol: '?', className: 'bg-slate-500/10 text-slate-600 ring-slate-500/30 dark:text-slate-300' };

export function VerdictBadge({ verdict }: { verdict: string }) {
  const style = STYLES[verdict] ?? UNKNOWN;
  const text = verdict === 'VERDICT_UNKNOWN' ? 'UNKNOWN' : verdict;
  return (
    <span className={`inline-flex items-center gap-1 rounded px-1.5 py-px text-[11px] font-semibold tracking-wide ring-1 ring-inset ${style.className}`}>
      <span aria-hidden="true">{style.symbol}</span>
      {text}
    </span>
  );
}
