/** How a size in bytes reads: `1.5 MB`. */
/** The unit for a size and the size in it: 1024 of one make one of the next. */
function bytesIn(bytes: number): { value: string; unit: string } {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return { value: unit === 0 ? String(value) : value.toFixed(value < 10 ? 1 : 0), unit: units[unit]! };
}

export function formatBytes(bytes: number): string {
  const { value, unit } = bytesIn(bytes);
  return `${value} ${unit}`;
}

/** How much of a size is done: `13 / 44 MB`, the unit once when both share it; `512 KB / 1.2 GB` otherwise. */
export function formatBytesOf(done: number, total: number): string {
  const part = bytesIn(done);
  const whole = bytesIn(total);
  return part.unit === whole.unit ? `${part.value} / ${whole.value} ${whole.unit}` : `${formatBytes(done)} / ${formatBytes(total)}`;
}

/** A percentage read at a glance (a share of a list, a change on a stat): `24%`, `9.9%`. */
export function formatGlancePercent(percent: number): string {
  return `${percent >= 10 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}
