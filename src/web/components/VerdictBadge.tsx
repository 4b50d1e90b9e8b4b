/**
 * Verdict colours from the Okabe–Ito palette (safe for the common colour-vision deficiencies),
 * always with the verdict's name and a distinct symbol, so colour is never the only cue.
 */
const STYLES: Record<string, { symbol: string; className: string }> = {
  FORWARDED: { symbol: '→', className: 'bg-[#009E73]/15 text-[#005a41] ring-[#009E73]/40 dark:text-[#5fd3b0]' },
  DROPPED: { symbol: '✕', className: 'bg-[#D55E00]/15 text-[#8a3c00] ring-[#D55E00]/50 dark:text-[#ff9d5c]' },
  ERROR: { symbol: '!', className: 'bg-[#CC79A7]/20 text-[#7a3560] ring-[#CC79A7]/50 dark:text-[#eeb0d3]' },
  AUDIT: { symbol: '◎', className: 'bg-[#E69F00]/15 text-[#704d00] ring-[#E69F00]/50 dark:text-[#ffc94d]' },
  REDIRECTED: { symbol: '↪', className: 'bg-[#56B4E9]/15 text-[#1a5c82] ring-[#56B4E9]/50 dark:text-[#8fd0f5]' },
  TRACED: { symbol: '·', className: 'bg-[#56B4E9]/15 text-[#1a5c82] ring-[#56B4E9]/50 dark:text-[#8fd0f5]' },
  TRANSLATED: { symbol: '⇄', className: 'bg-[#0072B2]/15 text-[#005f94] ring-[#0072B2]/40 dark:text-[#7fbfe6]' },
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
