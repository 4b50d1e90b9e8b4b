import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGunzip, type GunzipProgress } from './gunzip-thread.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-gunzip-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Several MB that compress well but not to nothing: many progress reports. */
const content = Buffer.from(Array.from({ length: 60_000 }, (_, i) => `{"flow":{"n":${i},"pad":"${'x'.repeat(i % 97)}"}}\n`).join(''));

/** Runs the thread over `compressed` into a fresh temp file (pre-filled with `before`); every report and the file's bytes. */
async function gunzip(compressed: Buffer, before = Buffer.alloc(0)): Promise<{ reports: GunzipProgress[]; written: Buffer }> {
  fs.writeFileSync(path.join(dir, 'in.gz'), compressed);
  fs.writeFileSync(path.join(dir, 'out'), before);
  const input = fs.openSync(path.join(dir, 'in.gz'), 'r');
  const output = fs.openSync(path.join(dir, 'out'), 'r+');
  const reports: GunzipProgress[] = [];
  try {
    await new Promise<void>((resolve) => {
      startGunzip(input, output, before.length, (progress) => {
        reports.push(progress);
        if (progress.ended || progress.error !== undefined) resolve();
      });
    });
  } finally {
    fs.closeSync(input);
    fs.closeSync(output);
  }
  return { reports, written: fs.readFileSync(path.join(dir, 'out')) };
}

describe('the decompressing thread', () => {
  it('writes the whole content into the temp file, reporting how far it got until the end', async () => {
    const compressed = gzipSync(content);
    const { reports, written } = await gunzip(compressed);
    expect(written.equals(content)).toBe(true);
    const last = reports.at(-1)!;
    expect(last).toEqual({ written: content.length, read: compressed.length, ended: true });
    expect(reports.length).toBeGreaterThan(2);
    const progress = reports.map((report) => report.written);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('leaves what an earlier attempt wrote as it is and writes on after it', async () => {
    const earlier = Buffer.alloc(100_000, '#');
    const { reports, written } = await gunzip(gzipSync(content), earlier);
    expect(reports.at(-1)).toMatchObject({ written: content.length, ended: true });
    expect(written.subarray(0, earlier.length).equals(earlier)).toBe(true);
    expect(written.subarray(earlier.length).equals(content.subarray(earlier.length))).toBe(true);
  });

  it("says a .gz cut short ended early, in zlib's words, after writing what came before", async () => {
    const compressed = gzipSync(content);
    const { reports, written } = await gunzip(compressed.subarray(0, Math.floor(compressed.length / 2)));
    const last = reports.at(-1)!;
    expect(last.error).toMatch(/unexpected end of file/);
    expect(last.written).toBeGreaterThan(0);
    expect(written.equals(content.subarray(0, last.written))).toBe(true);
  });

  it('says what is wrong with a file that is not gzip', async () => {
    const { reports } = await gunzip(Buffer.from('this is plain text, not gzip\n'.repeat(100)));
    expect(reports.at(-1)!.error).toMatch(/header/);
  });
});
