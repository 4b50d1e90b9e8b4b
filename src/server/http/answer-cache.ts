/** An answer as it goes out: JSON text or bytes. */
export type Json = string | Buffer;

export interface AnswerCacheOptions {
  /** How long an answer is handed out again while the flows stay the same: relative times ("the last hour") move on meanwhile. */
  reuseMs?: number;
  /** Bytes of answers kept at most; the least recently used go first. */
  maxBytes?: number;
}

interface Entry {
  version: number;
  at: number;
  json: Json;
}

/** A second: a dashboard's panels, refreshed every 30 s, see flows at most a second older. */
export const REUSE_MS = 1000;
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Answers of identical queries computed once: many people on one dashboard ask the same questions
 * at about the same time. A query asked while the same one is computing waits for its answer; one
 * asked again within reuseMs, the flows unchanged (the store's version), gets the answer kept.
 * Failures are shared with those waiting but never kept.
 */
export class AnswerCache {
  private readonly reuseMs: number;
  private readonly maxBytes: number;
  /** Least recently used first (a Map keeps insertion order). */
  private readonly kept = new Map<string, Entry>();
  private readonly computing = new Map<string, { version: number; answer: Promise<Json> }>();
  private bytes = 0;

  constructor(options: AnswerCacheOptions = {}) {
    this.reuseMs = options.reuseMs ?? REUSE_MS;
    this.maxBytes = options.maxBytes ?? MAX_BYTES;
  }

  /** The answer for `key` on flows at `version`: kept, being computed, or computed now. */
  answer(key: string, version: number, compute: () => Promise<Json>): Promise<Json> {
    const kept = this.kept.get(key);
    if (kept && kept.version === version && performance.now() - kept.at < this.reuseMs) {
      this.kept.delete(key);
      this.kept.set(key, kept);
      return Promise.resolve(kept.json);
    }
    const running = this.computing.get(key);
    if (running && running.version === version) return running.answer;
    const at = performance.now();
    const answer = compute();
    this.computing.set(key, { version, answer });
    const settle = () => {
      if (this.computing.get(key)?.answer === answer) this.computing.delete(key);
    };
    answer.then((json) => {
      settle();
      this.keep(key, { version, at, json });
    }, settle);
    return answer;
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
