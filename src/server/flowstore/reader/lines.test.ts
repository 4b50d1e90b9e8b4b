import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { asText, cleanUp, makeLines, startRecorder, tempDir, waitFor } from './test-support.ts';

afterEach(cleanUp);

/** Hand-written exporter lines kept next to the repository; the test is skipped where they are absent. */
const SAMPLE = '/work/shared/samples/hubble-exporter.log';

describe('LogReader lines and batches', () => {
  it('never hands on a half-written last line, and hands it on whole once finished', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events.log');
    const [done = '', half = ''] = makeLines('p', 2);
    fs.writeFileSync(file, `${done}\n${half.slice(0, 20)}`);
    const recorder = startRecorder({ roots: [dir] });
    await recorder.reader.initialScanDone();
    await recorder.reader.nextPass();
    expect(recorder.texts()).toEqual([done]);

    fs.appendFileSync(file, half.slice(20, 40));
    await recorder.reader.nextPass();
    expect(recorder.texts()).toEqual([done]);

    fs.appendFileSync(file, `${half.slice(40)}\n`);
    await waitFor('the finished line', () => recorder.lines.length === 2);
    expect(recorder.lines[1]).toMatchObject({ text: half, offset: done.length + 1, line: 2 });
    expect(recorder.reader.readLine(recorder.lines[1]?.fileId ?? 0, done.length + 1, half.length).toString()).toBe(half);
  });

  it('skips lines longer than maxLineBytes, reports them with a sample and line number, and keeps line numbers and offsets right', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events.log');
    const long = `{"flow":"${'x'.repeat(500)}"}`;
    fs.writeFileSync(file, `short-1\n${long}\nshort-3\n`);
    const recorder = startRecorder({ roots: [dir], maxLineBytes: 100, batchBytes: 64 });
    await recorder.reader.initialScanDone();
    expect(recorder.texts()).toEqual(['short-1', 'short-3']);
    expect(recorder.skipped).toEqual([{ file: expect.objectContaining({ path: file }), line: 2, reason: 'line too long', sample: long.slice(0, 200) }]);
    expect(recorder.lines.map((line) => line.line)).toEqual([1, 3]);

    // A too-long line still being written is passed over as it grows, not kept in memory.
    fs.appendFileSync(file, 'y'.repeat(150));
    await recorder.reader.nextPass();
    fs.appendFileSync(file, 'y'.repeat(5000));
    await recorder.reader.nextPass();
    expect(recorder.skipped).toHaveLength(1);
    fs.appendFileSync(file, 'end\nshort-5\n');
    await waitFor('the line after the long one', () => recorder.lines.length === 3);
    // The sample is what there was when the line became too long.
    expect(recorder.skipped[1]).toMatchObject({ line: 4, sample: 'y'.repeat(150) });
    expect(recorder.lines[2]).toMatchObject({ text: 'short-5', line: 5 });
    for (const line of recorder.lines) {
      expect(recorder.reader.readLine(line.fileId, line.offset, line.length).toString()).toBe(line.text);
    }
  });

  it('hands on batches of whole lines no bigger than batchBytes (one long line may exceed it), one at a time', async () => {
    const dir = tempDir();
    const lines = [...makeLines('b', 30), 'z'.repeat(300), ...makeLines('b', 30, 31)];
    fs.writeFileSync(path.join(dir, 'events.log'), asText(lines));
    let inFlight = 0;
    let overlapped = false;
    const recorder = startRecorder({ roots: [dir], batchBytes: 256 }, async () => {
      inFlight += 1;
      overlapped ||= inFlight > 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
    });
    await recorder.reader.initialScanDone();
    expect(recorder.texts()).toEqual(lines);
    expect(overlapped).toBe(false);
    let expectedOffset = 0;
    for (const batch of recorder.batches) {
      expect(batch.offset).toBe(expectedOffset);
      expectedOffset += batch.bytes.length;
      const lineCount = batch.bytes.toString().split('\n').length - 1;
      if (lineCount > 1) expect(batch.bytes.length).toBeLessThanOrEqual(256);
    }
    expect(recorder.batches.length).toBeGreaterThan(10);
  });

  it.skipIf(!fs.existsSync(SAMPLE))('reads real Hubble exporter lines byte for byte', async () => {
    const dir = tempDir();
    const sample = fs.readFileSync(SAMPLE);
    fs.writeFileSync(path.join(dir, 'events.log'), sample);
    const recorder = startRecorder({ roots: [dir] });
    await recorder.reader.initialScanDone();
    const expected = sample.toString('latin1').split('\n').filter((line, i, all) => i < all.length - 1 || line !== '');
    expect(recorder.texts()).toEqual(sample.at(-1) === 10 ? expected : expected.slice(0, -1));
  });

  it('survives binary garbage, a damaged .gz and a .gz cut short, and still reads the good files', async () => {
    const dir = tempDir();
    const garbage = Buffer.from([0, 255, 254, 10, 0xc3, 0x28, 10, 1, 2, 3, 0, 10]);
    fs.writeFileSync(path.join(dir, 'binary.log'), garbage);
    fs.writeFileSync(path.join(dir, 'events-2026-11-01T00-00-00.000.log.gz'), Buffer.from('this is not gzip at all\n'));
    const whole = gzipSync(asText(makeLines('cut', 200)));
    fs.writeFileSync(path.join(dir, 'events-2026-11-02T00-00-00.000.log.gz'), whole.subarray(0, Math.floor(whole.length / 2)));
    const good = makeLines('good', 5);
    fs.writeFileSync(path.join(dir, 'events.log'), asText(good));
    const recorder = startRecorder({ roots: [dir] });
    await recorder.reader.initialScanDone();
    await recorder.reader.nextPass();

    expect(recorder.texts().slice(-5)).toEqual(good);
    const binaryLines = recorder.lines.filter((line) => line.path.endsWith('binary.log'));
    expect(binaryLines).toHaveLength(3);
    for (const line of binaryLines) {
      expect(recorder.reader.readLine(line.fileId, line.offset, line.length + 1)).toEqual(garbage.subarray(line.offset, line.offset + line.length + 1));
    }
    expect(recorder.problems).toEqual([expect.stringMatching(/events-2026-11-01T00-00-00\.000\.log\.gz: not a readable gzip file/)]);
    const states = Object.fromEntries(recorder.reader.progress().map((progress) => [path.basename(progress.file.path), progress.state]));
    expect(states['events-2026-11-01T00-00-00.000.log.gz']).toBe('error');
  });

  it('reads a .gz that was still being written once it is complete, without repeating lines', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events-2026-11-02T00-00-00.000.log.gz');
    const lines = makeLines('late', 3000);
    const whole = gzipSync(asText(lines));
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const recorder = startRecorder({ roots: [dir], batchBytes: 4096 });
    await recorder.reader.initialScanDone();
    await recorder.reader.nextPass();
    fs.appendFileSync(file, whole.subarray(Math.floor(whole.length / 2)));
    await waitFor('every line', () => recorder.lines.length === lines.length);
    await recorder.reader.nextPass();
    expect(recorder.texts()).toEqual(lines);
    expect(recorder.reader.progress()[0]).toMatchObject({ state: 'done' });
  });
});
