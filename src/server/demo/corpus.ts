import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parseTimeMs } from '../../shared/flow-facts.ts';
import { createDemoTraffic } from './generator.ts';
import { RotatingWriter } from './rotating-writer.ts';

/** 2026-11-20T10:00:00Z: the corpus's default start, so fixtures never depend on today. */
export const DEFAULT_CORPUS_START_MS = Date.UTC(2026, 10, 20, 10, 0, 0);
/** ACNS rotates its flow log at 50 MB. */
const DEFAULT_CORPUS_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_CORPUS_FLOWS_PER_SECOND = 100;

export interface DemoCorpusOptions {
  out: string;
  flows: number;
  seed?: number;
  startMs?: number;
  maxBytes?: number;
  /** Gzip rotated backups (default true, as ACNS does). */
  compress?: boolean;
  flowsPerSecond?: number;
  workloads?: number;
}

export interface DemoCorpus {
  /** Every file written, absolute paths, sorted. */
  files: string[];
  flows: number;
  /** Time of the first line (no line is earlier). */
  startMs: number;
  /** The last line's time rounded up to the millisecond (no line is later). */
  endMs: number;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Writes a fixed corpus of demo flows for tests and benchmarks: the same options give the same
 * bytes. `out` must be empty or absent, so two runs never mix.
 */
export async function writeDemoCorpus(options: DemoCorpusOptions): Promise<DemoCorpus> {
  if (!Number.isInteger(options.flows) || options.flows < 0) throw new Error(`flows must be a whole number ≥ 0, got ${options.flows}`);
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  if (readdirSync(out).length > 0) throw new Error(`${out}: folder is not empty; write the corpus to a new or empty folder`);
  const startMs = Math.floor(options.startMs ?? DEFAULT_CORPUS_START_MS);
  const traffic = createDemoTraffic({
    seed: options.seed ?? 1,
    startMs,
    flowsPerSecond: options.flowsPerSecond ?? DEFAULT_CORPUS_FLOWS_PER_SECOND,
    workloads: options.workloads,
  });
  const writer = new RotatingWriter({ dir: out, maxBytes: options.maxBytes ?? DEFAULT_CORPUS_MAX_BYTES, compressBackups: options.compress ?? true });
  let lastTime = '';
  try {
    for (let written = 0; written < options.flows; written++) {
      const line = traffic.next();
      writer.write(line);
      lastTime = line.time;
      // Let backups gzip on the thread pool while lines are being generated.
      if (written % 20_000 === 19_999) await yieldToEventLoop();
    }
  } finally {
    await writer.close();
  }
  return {
    files: listFiles(out).sort(),
    flows: options.flows,
    startMs,
    endMs: lastTime === '' ? startMs : Math.ceil(parseTimeMs(lastTime)),
  };
}
