/** Helpers for the reader's tests: temp folders, a reader that records what it hands on, waiting. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LogReader } from './log-reader.ts';
import type { LineBatch, ReaderOptions, SkippedLine } from './types.ts';

interface ReceivedLine {
  text: string;
  fileId: number;
  path: string;
  offset: number;
  length: number;
  line: number;
}

export interface Recorder {
  reader: LogReader;
  lines: ReceivedLine[];
  batches: LineBatch[];
  skipped: SkippedLine[];
  problems: string[];
  texts(): string[];
}

const openDirs: string[] = [];
const openReaders: LogReader[] = [];

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-reader-'));
  openDirs.push(dir);
  return dir;
}

/** For afterEach: stops every reader and removes every temp folder made by the test. */
export async function cleanUp(): Promise<void> {
  for (const reader of openReaders.splice(0)) await reader.stop();
  for (const dir of openDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Distinct lines as a writer would produce them (no two files start alike). */
export function makeLines(prefix: string, count: number, from = 1): string[] {
  return Array.from({ length: count }, (_, i) => `{"flow":{"uuid":"${prefix}-${from + i}","verdict":"FORWARDED"},"node_name":"${prefix}"}`);
}

export function asText(lines: string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

/** Splits every batch into its lines, checking the batch contract on the way. */
export function startRecorder(options: Partial<ReaderOptions> & { roots: string[] }, onBatch?: (batch: LineBatch) => Promise<void>): Recorder {
  const recorder: Omit<Recorder, 'reader'> = {
    lines: [],
    batches: [],
    skipped: [],
    problems: [],
    texts() {
      return this.lines.map((line) => line.text);
    },
  };
  const reader = new LogReader(
    { pollMs: 20, ...options },
    {
      onBatch: async (batch) => {
        if (batch.bytes.at(-1) !== 10) throw new Error(`batch does not end with a newline: ${batch.bytes.toString()}`);
        // The reader reuses the bytes' memory once the batch is handed on: keep a copy.
        batch = { ...batch, bytes: Buffer.from(batch.bytes) };
        recorder.batches.push(batch);
        let offset = batch.offset;
        let line = batch.firstLine;
        for (const text of batch.bytes.subarray(0, -1).toString('latin1').split('\n')) {
          const length = Buffer.byteLength(text, 'latin1');
          recorder.lines.push({ text, fileId: batch.file.id, path: batch.file.path, offset, length, line });
          offset += length + 1;
          line += 1;
        }
        await onBatch?.(batch);
      },
      onSkipped: (skipped) => recorder.skipped.push(skipped),
      onProblem: (message) => recorder.problems.push(message),
    },
  );
  openReaders.push(reader);
  void reader.start();
  return { ...recorder, reader, texts: recorder.texts };
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function sorted(lines: string[]): string[] {
  return [...lines].sort();
}
