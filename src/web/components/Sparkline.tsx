/**
 * A tiny line of counts over time. Drawn as plain SVG (dozens appear on one page; a chart library
 * per sparkline would be heavy). Colour comes from the surrounding text colour.
 */
export function Sparkline({ values, label, className = 'h-8 w-full', fill = true }: { values: readonly number[]; label?: string; className?: string; fill?: boolean }) {
  if (values.length < 2) return <span aria-hidden="true" className={className} />;
  const width = 100;
  const height = 24;
  const max = Math.max(...values, 1);
  const step = width / (values.length - 1);
  const points = values.map((value, index) => `${(index * step).toFixed(2)},${(height - 1 - (value / max) * (height - 2)).toFixed(2)}`);
  const line = `M${points.join('L')}`;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      className={className}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    >
      {fill ? <path d={`${line}L${width},${height}L0,${height}Z`} fill="currentColor" opacity={0.12} /> : null}
      <path d={line} fill="none" stroke="currentColor" strokeWidth={1.5} vectorEffect="non-scaling-stroke" strokeLinejoin="round" />
    </svg>
  );
}
