import type { BadLine } from '../index/encoded-batch.ts';

const MAX_SAMPLES = 20;
const RATE_WINDOW_MS = 5_000;

/** What ingest has seen: line kinds, bad lines by reason and file, and the current line rate. */
export class IngestStats {
  readonly lineKinds: Record<string, number> = {};
  readonly badByReason: Record<string, number> = {};
  readonly badSamples: { file: string; line: number; reason: string; sample: string }[] = [];
  readonly flowsPerFile = new Map<number, number>();
  readonly badPerFile = new Map<number, number>();
  badLines = 0;
  private readonly recent: { at: number; lines: number }[] = [];

  recordBatch(fileId: number, path: string, kinds: Record<string, number>, bad: BadLine[], lines: number, now = Date.now()): void {
    for (const [kind, count] of Object.entries(kinds)) this.lineKinds[kind] = (this.lineKinds[kind] ?? 0) + count;
    this.flowsPerFile.set(fileId, (this.flowsPerFile.get(fileId) ?? 0) + (kinds.flow ?? 0));
    for (const line of bad) this.recordBad(fileId, path, line);
    this.recent.push({ at: now, lines });
    while (this.recent.length > 0 && this.recent[0]!.at < now - RATE_WINDOW_MS) this.recent.shift();
  }

  recordBad(fileId: number, path: string, line: BadLine): void {
    this.badLines++;
    this.badByReason[line.reason] = (this.badByReason[line.reason] ?? 0) + 1;
    this.badPerFile.set(fileId, (this.badPerFile.get(fileId) ?? 0) + 1);
    if (this.badSamples.length < MAX_SAMPLES) this.badSamples.push({ file: path, ...line });
  }

  linesPerSecond(now = Date.now()): number {
    const windowStart = now - RATE_WINDOW_MS;
    const lines = this.recent.filter((entry) => entry.at >= windowStart).reduce((sum, entry) => sum + entry.lines, 0);
    return Math.round(lines / (RATE_WINDOW_MS / 1000));
  }
}
