import { describe, expect, it } from 'vitest';
import { parseTimeMs } from '../../../shared/flow-facts.ts';
import { seededRandom } from '../testing/random-flows.ts';
import { timeMsAt } from './line-time.ts';

/** The regex parseTimeMs replaced on the ingest hot path: its results are the contract. */
function referenceTimeMs(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) return NaN;
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = match;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)));
  // A real calendar time only: Date.UTC would roll a month 13 or a 31 April on into the next.
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || date.getUTCHours() !== Number(h) || Number(mi) > 59 || Number(s) > 60) return NaN;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return NaN;
  if (fraction) ms += Number((fraction + '000000').slice(0, 6)) / 1000;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return ms;
}

/** Times with one character replaced, removed or added. */
function damagedTimes(times: string[], count: number): string[] {
  const random = seededRandom(3);
  const chars = '0123456789-:.TtZz+ x';
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const time = times[i % times.length]!;
    const at = Math.floor(random() * time.length);
    const char = chars[Math.floor(random() * chars.length)]!;
    const edit = Math.floor(random() * 3);
    out.push(edit === 0 ? time.slice(0, at) + char + time.slice(at + 1) : edit === 1 ? time.slice(0, at) + time.slice(at + 1) : time.slice(0, at) + char + time.slice(at));
  }
  return out;
}

describe('line times', () => {
  it('reads RFC 3339 times exactly as the reference, NaN for anything else', () => {
    const times = [
      '2026-11-20T10:20:55.371617276Z',
      '2026-11-20T10:20:55Z',
      '2026-11-20t10:20:55.5z',
      '2026-11-20 10:20:55.000001+02:00',
      '2026-11-20T10:20:55.123456789-05:30',
      '2026-11-20T10:20:55.1234567891Z',
      '2026-11-20T10:20:55.Z',
      '2026-11-20T10:20:55',
      '2026-11-20T10:20:55+0200',
      '2026-13-45T99:99:99Z',
      '2026-13-01T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2024-02-29T23:59:60Z',
      '2026-11-20T24:00:00Z',
      '2026-00-10T10:00:00Z',
      '0050-01-01T00:00:00Z',
      '2026-11-20T10:20:55Z ',
      ' 2026-11-20T10:20:55Z',
      '2026-11-20T10:20:5aZ',
      '２026-11-20T10:20:55Z',
      '2026-11-20T10:20:55-00:00',
      '',
      'yesterday',
    ];
    for (const time of times) expect(parseTimeMs(time), time).toBe(referenceTimeMs(time));
    for (const time of [...times, ...damagedTimes(times.slice(0, 6), 5_000)]) {
      // Read from the bytes of the JSON string as it stands in a line, with more of the line after it.
      const bytes = Buffer.from(`${JSON.stringify(time)},"node_name":"1"}`);
      const fromBytes = timeMsAt(bytes, 0, Buffer.byteLength(JSON.stringify(time)));
      // Only strings with escapes or non-ASCII characters are left to parseTimeMs.
      if (fromBytes === null) expect([...JSON.stringify(time)].some((char) => char === '\\' || char.charCodeAt(0) > 0x7f), time).toBe(true);
      else expect(fromBytes, time).toBe(referenceTimeMs(time));
    }
    expect(parseTimeMs('2026-11-20T10:20:55.371617276Z')).toBe(Date.UTC(2026, 10, 20, 10, 20, 55, 371) + 0.617);
  });
});
