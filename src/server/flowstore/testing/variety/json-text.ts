/**
 * JSON text as different Hubble writers produce it. protojson (the exporter, `hubble observe`)
 * writes fields in the .proto's declaration order, compact — but a build may add one space after
 * every comma (protobuf-go makes single-line output deliberately unstable per binary). A log
 * collector that re-encodes lines through a map writes keys sorted. Times differ too: protojson
 * shows 0, 3, 6 or 9 fraction digits, Go's RFC3339Nano trims every trailing zero, some clocks tick
 * in milliseconds or whole seconds.
 */

export interface JsonStyle {
  /** `, ` between members (protojson's unstable output) instead of `,`. */
  spaced: boolean;
  /** Keys sorted at every level (a collector re-encoding through a map). */
  sorted: boolean;
  /** How a time's fraction is written: protojson (0/3/6/9 digits) or trimmed (RFC3339Nano). */
  fraction: 'protojson' | 'trimmed';
}

export function jsonText(value: unknown, style: JsonStyle): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      break;
    default:
      throw new Error(`cannot write ${typeof value} as JSON`);
  }
  const comma = style.spaced ? ', ' : ',';
  if (Array.isArray(value)) return `[${value.map((item) => jsonText(item, style)).join(comma)}]`;
  let keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
  if (style.sorted) keys = keys.sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${jsonText((value as Record<string, unknown>)[key], style)}`).join(comma)}}`;
}

/** A moment to the nanosecond, as clocks report it: whole seconds and the nanoseconds past them. */
export interface Moment {
  seconds: number;
  nanos: number;
}

export function momentOf(epochMs: number, extraNanos = 0): Moment {
  const seconds = Math.floor(epochMs / 1000);
  const nanos = Math.round((epochMs - seconds * 1000) * 1_000_000) + extraNanos;
  return { seconds: seconds + Math.floor(nanos / 1e9), nanos: nanos % 1e9 };
}

/** The moment as a clock of `digits` fraction digits (0: whole seconds … 9: nanoseconds) has it. */
export function atResolution(moment: Moment, digits: number): Moment {
  const step = 10 ** (9 - digits);
  return { seconds: moment.seconds, nanos: Math.floor(moment.nanos / step) * step };
}

/** RFC 3339 in UTC, the fraction written the writer's way. */
export function rfc3339(moment: Moment, fraction: JsonStyle['fraction']): string {
  const base = new Date(moment.seconds * 1000).toISOString().slice(0, 19);
  let digits = String(moment.nanos).padStart(9, '0');
  if (fraction === 'protojson') {
    while (digits.endsWith('000')) digits = digits.slice(0, -3);
  } else {
    digits = digits.replace(/0+$/, '');
  }
  return digits === '' ? `${base}Z` : `${base}.${digits}Z`;
}
