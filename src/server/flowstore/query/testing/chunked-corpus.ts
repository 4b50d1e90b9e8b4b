import { matchesFacts, type CompiledFilter } from '../../../../shared/filter/compile.ts';
import type { FlowFacts } from '../../../../shared/flow-facts.ts';
import type { FlowRecord } from '../../../../shared/flow.ts';
import { CHUNK_ROWS, FlowIndex } from '../../index/flow-index.ts';
import { randomFlows, START_MS } from '../../testing/random-flows.ts';
import { parsedBatches, type ParsedBatch } from './parsed-batches.ts';

/**
 * A test corpus of several full chunks, built so every shortcut of the scan is taken somewhere:
 * chunks where a term holds for every row or for none, chunks in time order and one whose blocks
 * interleave two time ranges, a growing last chunk. Flows are random, parsed in batches of 1,024
 * lines; a batch is appended many times with its times moved, and each row keeps the facts of
 * its original flow (moved in time too) for the brute-force answer.
 */
export const BATCH_ROWS = 1024;
const BATCHES_PER_CHUNK = CHUNK_ROWS / BATCH_ROWS;
/** A batch spans under 60 s of flow time; copies 60 s apart keep a chunk in time order. */
const COPY_SPACING_MS = 60_000;

type Source = ParsedBatch;

const sources = (records: FlowRecord[]): Source[] => parsedBatches(records, BATCH_ROWS);

/** Which kind of source batches a chunk is made of, and how its copies are laid out in time. */
export type ChunkKind = 'mixed' | 'forwarded-shop' | 'dropped' | 'interleaved';

/**
 * Interleaved chunks move every other row this far ahead: their blocks are out of time order,
 * and they hold the newest flows of the corpus although later chunks were read after them.
 */
const INTERLEAVE_MS = 12 * 3_600_000;

export class ChunkedCorpus {
  readonly index: FlowIndex;
  /** Per global row: the facts of its original flow and how far its time was moved. */
  private readonly rowFacts: FlowFacts[] = [];
  private readonly shifts: number[] = [];
  private readonly sources: Record<Exclude<ChunkKind, 'interleaved'>, Source[]>;
  private nextStart = START_MS;

  constructor(maxFlows = 10_000_000) {
    this.index = new FlowIndex(maxFlows);
    const mixed = randomFlows(6 * BATCH_ROWS, 31);
    const others = randomFlows(40_000, 32);
    const forwardedShop = others.filter((record) => record.flow.verdict === 'FORWARDED' && record.flow.source?.namespace === 'shop');
    const dropped = others.filter((record) => record.flow.verdict === 'DROPPED');
    this.sources = { mixed: sources(mixed), 'forwarded-shop': sources(forwardedShop.slice(0, 2 * BATCH_ROWS)), dropped: sources(dropped.slice(0, 2 * BATCH_ROWS)) };
  }

  get rows(): number {
    return this.rowFacts.length;
  }

  /** Appends `batches` batches (64 fill a chunk) of one kind. */
  add(kind: ChunkKind, batches = BATCHES_PER_CHUNK): this {
    const pool = this.sources[kind === 'interleaved' ? 'mixed' : kind];
    const start = this.nextStart;
    for (let k = 0; k < batches; k++) {
      const source = pool[k % pool.length]!;
      const base = start + k * COPY_SPACING_MS - source.batch.time[0]!;
      const shifts = source.facts.map((_, i) => (kind === 'interleaved' && i % 2 === 1 ? base + INTERLEAVE_MS : base));
      this.index.append({ ...source.batch, time: source.batch.time.map((t, i) => t + shifts[i]!) });
      source.facts.forEach((fact, i) => {
        this.rowFacts.push(fact);
        this.shifts.push(shifts[i]!);
      });
    }
    this.nextStart = start + batches * COPY_SPACING_MS;
    return this;
  }

  timeOf(row: number): number {
    return this.rowFacts[row]!.timeMs + this.shifts[row]!;
  }

  factsOf(row: number): FlowFacts {
    return this.rowFacts[row]!;
  }

  /** Brute force: the live rows matching the filter (matchesFacts on every row), oldest first. */
  matching(filter: CompiledFilter): number[] {
    const untimed = { ...filter, sinceMs: null, untilMs: null };
    const memo = new Map<FlowFacts, boolean>();
    const rows: number[] = [];
    for (let row = this.index.liveFrom; row < this.rowFacts.length; row++) {
      const fact = this.rowFacts[row]!;
      let matches = memo.get(fact);
      if (matches === undefined) memo.set(fact, (matches = matchesFacts(untimed, fact)));
      if (!matches) continue;
      const t = this.timeOf(row);
      if (filter.sinceMs !== null && !(t >= filter.sinceMs)) continue;
      if (filter.untilMs !== null && !(t <= filter.untilMs)) continue;
      rows.push(row);
    }
    return rows;
  }

  /** The first `count` of the rows newest first (same time: read later first), as pages list them. */
  newestFirst(rows: number[], count: number): number[] {
    const newer = (a: number, b: number) => this.timeOf(a) > this.timeOf(b) || (this.timeOf(a) === this.timeOf(b) && a > b);
    const best: number[] = [];
    for (const row of rows) {
      if (best.length === count && !newer(row, best[count - 1]!)) continue;
      let at = best.length;
      while (at > 0 && newer(row, best[at - 1]!)) at--;
      best.splice(at, 0, row);
      if (best.length > count) best.pop();
    }
    return best;
  }
}
