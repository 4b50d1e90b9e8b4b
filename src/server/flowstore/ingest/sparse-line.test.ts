import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCorpus } from '../../demo/corpus.ts';
import { varietyLines } from '../testing/variety/lines.ts';
import { flowFacts } from '../../../shared/flow-facts.ts';
import { classifyLine, type ClassifiedLine } from './classify-line.ts';
import { parseBatch } from './parse-batch.ts';
import { classifySparse } from './sparse-line.ts';
import { trickyLines, mutatedLines } from '../testing/tricky-lines.ts';

const sampleDir = path.resolve(import.meta.dirname, '../../../../../shared/samples');

/** What a user would see of a line: its kind, its bad reason, or the facts the index stores. */
function outcome(line: ClassifiedLine) {
  if (line.kind !== 'flow') return line;
  try {
    return { kind: 'flow', nodeName: line.nodeName, time: line.time, facts: flowFacts(line.flow, line.nodeName, line.time) };
  } catch (error) {
    return { kind: 'flow', thrown: (error as Error).message };
  }
}

function isExporterLine(line: string): boolean {
  try {
    const parsed = JSON.parse(line) as { flow?: unknown };
    return typeof parsed.flow === 'object' && parsed.flow !== null;
  } catch {
    return false;
  }
}

/** Fast outcome of one line's bytes, or null when the fast path hands the line to the full parse. */
function fastOutcome(bytes: Buffer) {
  const line = classifySparse(bytes, 0, bytes.length);
  return line && outcome(line);
}

let dir = '';
let corpusLines: string[] = [];
let sampleLines: string[] = [];
/** Lines of a churning cluster: other writers, field orders, precisions, bare flows, bad and other lines. */
let variety: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-sparse-'));
  const corpus = await writeDemoCorpus({ out: path.join(dir, 'logs'), flows: 20_000, seed: 7, compress: false });
  corpusLines = corpus.files.flatMap((file) => fs.readFileSync(file, 'utf8').split('\n')).filter((line) => line !== '');
  variety = varietyLines(path.join(dir, 'variety'), 6_000, 9);
  if (fs.existsSync(sampleDir)) {
    sampleLines = fs
      .readdirSync(sampleDir)
      .filter((name) => name.endsWith('.log') || name.endsWith('.json'))
      .flatMap((name) => fs.readFileSync(path.join(sampleDir, name), 'utf8').split('\n'))
      .filter((line) => line !== '');
  }
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the sparse line scan', () => {
  it('reads every demo and sample line itself, with the facts of a full parse', () => {
    expect(corpusLines.length).toBeGreaterThanOrEqual(20_000);
    for (const line of [...corpusLines, ...sampleLines]) {
      const fast = fastOutcome(Buffer.from(line));
      expect(fast, line).not.toBeNull();
      expect(fast, line).toStrictEqual(outcome(classifyLine(line)));
    }
  }, 120_000);

  it('reads every flow line of a churning cluster itself, with the facts of a full parse, and agrees on the others', () => {
    let fast = 0;
    for (const line of variety) {
      const full = outcome(classifyLine(line));
      const result = fastOutcome(Buffer.from(line));
      if (full.kind === 'flow') expect(result, line).not.toBeNull();
      if (result === null) continue;
      fast++;
      expect(result, line).toStrictEqual(full);
    }
    expect(fast).toBeGreaterThan(6_000);
  }, 120_000);

  it('agrees with the full parse on reordered, spaced, escaped, mistyped, truncated and other-kind lines', () => {
    const lines = trickyLines(corpusLines.slice(0, 300));
    let fast = 0;
    for (const line of lines) {
      const result = fastOutcome(Buffer.from(line));
      if (result === null) continue;
      fast++;
      expect(result, line).toStrictEqual(outcome(classifyLine(line)));
    }
    // Most variants are still read by the fast path, so this test covers it rather than the fallback.
    expect(fast).toBeGreaterThan(lines.length / 2);
  }, 120_000);

  it('never accepts a damaged line the full parse reads differently', () => {
    for (const line of mutatedLines(corpusLines.slice(0, 2_000), 10_000, 11)) {
      const result = fastOutcome(Buffer.from(line));
      if (result !== null) expect(result, line).toStrictEqual(outcome(classifyLine(line)));
    }
  }, 120_000);

  it('hands lines it does not read itself to the full parse', () => {
    const wrapped = corpusLines[0]!;
    for (const line of [
      '',
      '   ',
      'not json',
      '[1,2]',
      '"flow"',
      '{"flow":"a string"}',
      '{"flow":{"verd\\u0069ct":"DROPPED","time":"2026-11-20T10:00:00Z"}}',
      '{"flow":{"verdict":"FORWARDED","verdict":"DROPPED","time":"2026-11-20T10:00:00Z"}}',
      wrapped.slice(0, -1),
      wrapped + '}',
      wrapped + ' x',
      `{"x":${'['.repeat(100)}${']'.repeat(100)},${wrapped.slice(1)}`,
    ]) {
      expect(classifySparse(Buffer.from(line), 0, Buffer.byteLength(line)), line).toBeNull();
    }
  });
});

describe('parsing a batch: line templates, sparse scan and full parse', () => {
  it('give identical batches: counts, dictionaries, ids, offsets and bad lines', () => {
    const lines = [...corpusLines, ...sampleLines, ...variety, ...trickyLines(corpusLines.slice(0, 100)), ...trickyLines(variety.filter(isExporterLine).slice(0, 100))];
    const flat = lines.filter((line) => !line.includes('\n'));
    const damaged = [...mutatedLines(corpusLines.slice(0, 200), 2_000, 3)].filter((line) => !line.includes('\n'));
    const invalidUtf8 = Buffer.concat([Buffer.from(corpusLines[1]!.slice(0, 60)), Buffer.from([0xff, 0xc3]), Buffer.from(corpusLines[1]!.slice(60))]);
    const bytes = Buffer.concat([Buffer.from([...flat, ...damaged].join('\n') + '\r\n\n'), invalidUtf8, Buffer.from('\n\t\n')]);
    const raw = { fileId: 2, bytes, offset: 500, firstLine: 10 };
    // Typed arrays compared as bytes: element-wise deep equality is too slow for 20k rows.
    const bytesOf = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    const { time: fullTime, offset: fullOffset, length: fullLength, ids: fullIds, ...full } = parseBatch(raw, { path: 'full' });
    expect(full.count).toBeGreaterThan(20_000);
    expect(full.bad.length).toBeGreaterThan(100);
    // Twice: the second time every line shape is already known.
    for (const path of ['sparse', 'fast', 'fast'] as const) {
      const { time, offset, length, ids, ...rest } = parseBatch(raw, { path });
      expect(bytesOf(time).equals(bytesOf(fullTime)), path).toBe(true);
      expect(bytesOf(offset).equals(bytesOf(fullOffset)), path).toBe(true);
      expect(bytesOf(length).equals(bytesOf(fullLength)), path).toBe(true);
      expect(bytesOf(ids).equals(bytesOf(fullIds)), path).toBe(true);
      expect(rest, path).toStrictEqual(full);
    }
  }, 120_000);
});
