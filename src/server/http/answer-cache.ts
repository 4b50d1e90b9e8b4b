import { parseDurationMs } from '../../shared/filter/time.ts';

/** An answer as it goes out: JSON text or bytes. */
export type Json = string | Buffer;

export interface AnswerCacheOptions {
  /** How long an answer is handed out again as it is; for as long again it is handed out while a fresh one is computed. */
  reuseMs?: number;
  /** Bytes of answers kept at most; the least recently used go first. */
  maxBytes?: number;
  /** Milliseconds from some start (tests set it). */
  clock?: () => number;
}

interface Entry {
  version: number;
  at: number;
  json: Json;
  /** The answer holds for as long as the flows stay the same (no time in it is taken back from now). */
  clockFree: boolean;
}

/** A second: a dashboard's panels, refreshed every 30 s, show flows at most a second or two older. */
const REUSE_MS = 1000;
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Answers of identical queries computed once: many people on one dashboard ask the same questions
 * at about the same time. A query asked while the same one is computing waits for its answer; one
 * asked again within reuseMs gets the answer kept, and within twice that too while one fresh
 * answer is computed for those after (so no one waits at the turn of a second). An answer whose
 * times are all absolute is kept exactly as long as the flows stay the same (the store's version),
 * however young: flows keep arriving on a live cluster, so a second or two is what most answers
 * live. Failures are shared with those waiting but never kept.
 */
export class AnswerCache {
  private readonly reuseMs: number;
  private readonly maxBytes: number;
  private readonly clock: () => number;
  /** Least recently used first (a Map keeps insertion order). */
  private readonly kept = new Map<string, Entry>();
  private readonly computing = new Map<string, { version: number; at: number; answer: Promise<Json> }>();
  private bytes = 0;

  constructor(options: AnswerCacheOptions = {}) {
    this.reuseMs = options.reuseMs ?? REUSE_MS;
    this.maxBytes = options.maxBytes ?? MAX_BYTES;
    this.clock = options.clock ?? (() => performance.now());
  }

  /**
   * The answer for `key` on flows at `version`: kept, being computed, or computed now. `clockFree`:
   * the answer cannot change while the flows stay the same.
   */
  answer(key: string, version: number, clockFree: boolean, compute: () => Promise<Json>): Promise<Json> {
    const now = this.clock();
    const kept = this.kept.get(key);
    const running = this.computing.get(key);
    // An answer over absolute times holds exactly as long as the flows stay the same, and only so
    // long: a view of them is not refreshed (no Live), so one made on fewer flows — the first index
    // still being built a second ago — would stay on screen.
    if (kept?.clockFree) {
      if (kept.version === version) return Promise.resolve(this.used(key, kept).json);
    } else if (kept) {
      const age = now - kept.at;
      if (age < this.reuseMs) return Promise.resolve(this.used(key, kept).json);
      if (age < 2 * this.reuseMs) {
        if (!running) this.compute(key, version, clockFree, compute);
        return Promise.resolve(this.used(key, kept).json);
      }
    }
    if (running && (running.version === version || (!clockFree && now - running.at < this.reuseMs))) return running.answer;
    return this.compute(key, version, clockFree, compute);
  }

  private compute(key: string, version: number, clockFree: boolean, compute: () => Promise<Json>): Promise<Json> {
    const at = this.clock();
    const answer = compute();
    this.computing.set(key, { version, at, answer });
    const settle = () => {
      if (this.computing.get(key)?.answer === answer) this.computing.delete(key);
    };
    answer.then((json) => {
      settle();
      this.keep(key, { version, at, json, clockFree });
    }, settle);
    return answer;
  }

  /** The entry, now the most recently used. */
  private used(key: string, entry: Entry): Entry {
    this.kept.delete(key);
    this.kept.set(key, entry);
    return entry;
  }

  private keep(key: string, entry: Entry): void {
    const size = entry.json.length;
    if (size > this.maxBytes / 8) return;
    this.forget(key);
    this.kept.set(key, entry);
    this.bytes += size;
    for (const [oldest, old] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.kept.delete(oldest);
      this.bytes -= old.json.length;
    }
  }

  private forget(key: string): void {
    const old = this.kept.get(key);
    if (!old) return;
    this.kept.delete(key);
    this.bytes -= old.json.length;
  }
}

/**
 * The same question however it is written: a route's path and its parameters in one order (filter
 * terms are ANDed and a key's values ORed, so their order never changes an answer), and the
 * namespaces the asker may see.
 */
export function normalizedQuery(rawUrl: string, scope: readonly string[] | undefined): string {
  const mark = rawUrl.indexOf('?');
  const path = mark === -1 ? rawUrl : rawUrl.slice(0, mark);
  const params = [...new URLSearchParams(mark === -1 ? '' : rawUrl.slice(mark + 1))];
  params.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  return `${path}?${query}${scope ? `#${[...scope].sort().join(',')}` : ''}`;
}

/**
 * Whether a query's answer holds for as long as the flows stay the same: it takes no time back
 * from now (`since=1h`, `base-since=2h`), and ends at an absolute `until` or has no time bounds at
 * all (every flow held: All time, what the views open on). A range with a start but no end ends now.
 */
export function isClockFree(params: URLSearchParams): boolean {
  const times = ['since', 'until', 'base-since', 'base-until'].flatMap((name) => params.getAll(name));
  return (times.length === 0 || params.getAll('until').length > 0) && times.every((value) => parseDurationMs(value) === null);
}
