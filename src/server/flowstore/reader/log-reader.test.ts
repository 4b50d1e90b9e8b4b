import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { asText, cleanUp, makeLines, sorted, startRecorder, tempDir, waitFor, type Recorder } from './test-support.ts';

afterEach(cleanUp);

const BACKUP = 'events-2026-11-20T10-15-02.481.log';

/** Every line handed on reads back, byte for byte, through random access. */
function expectReadBack(recorder: Recorder): void {
  for (const line of recorder.lines) {
    expect(recorder.reader.readLine(line.fileId, line.offset, line.length).toString('latin1')).toBe(line.text);
  }
}

describe('LogReader following one folder', () => {
  it('reads what is there, then new lines as the file grows, at the default poll', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'events.log');
    const first = makeLines('a', 50);
    fs.writeFileSync(file, asText(first));
    const recorder = startRecorder({ roots: [dir], pollMs: undefined });
    await recorder.reader.initialScanDone();
    expect(recorder.texts()).toEqual(first);

    const more = makeLines('a', 3, 51);
    fs.appendFileSync(file, asText(more));
    // The default poll is a fraction of a second; the bound is wide for a busy machine.
    await waitFor('the new lines', () => recorder.lines.length === 53, 10_000);
    await recorder.reader.nextPass(); // the pass that handed them on has recorded how far it read
    expect(recorder.texts()).toEqual([...first, ...more]);
    expect(recorder.lines.map((line) => line.line)).toEqual(Array.from({ length: 53 }, (_, i) => i + 1));
    expectReadBack(recorder);
    expect(recorder.reader.progress()).toMatchObject([{ file: { path: file, folder: '', compressed: false }, state: 'following' }]);
    const [progress] = recorder.reader.progress();
    expect(progress?.bytesRead).toBe(fs.statSync(file).size);
  }, 20_000);

  it('follows a rename rotation: drains the old file, including lines written to it after the rename, and starts the new one from 0', async () => {
    const dir = tempDir();
    const current = path.join(dir, 'events.log');
    const writer = fs.openSync(current, 'a');
    const before = makeLines('old', 20);
    fs.writeSync(writer, asText(before));
    const recorder = startRecorder({ roots: [dir] });
    await waitFor('the first lines', () => recorder.lines.length === 20);

    fs.renameSync(current, path.join(dir, BACKUP));
    await recorder.reader.nextPass();
    const late = makeLines('old', 5, 21);
    fs.writeSync(writer, asText(late)); // the writer has not reopened yet
    fs.closeSync(writer);
    const after = makeLines('new', 10);
    fs.writeFileSync(current, asText(after));

    await waitFor('all lines', () => recorder.lines.length === 35);
    await recorder.reader.nextPass();
    expect(recorder.texts()).toEqual([...before, ...late, ...after]);
    expect(recorder.batches[0]?.file.path).toBe(path.join(dir, BACKUP)); // the file id follows the rename
    expectReadBack(recorder);

    fs.unlinkSync(path.join(dir, BACKUP)); // deleted while open: random access keeps working
    await recorder.reader.nextPass();
    expectReadBack(recorder);
  });

  it('does not read a backup again when it is gzipped after rotation, whether or not the rename was seen first', async () => {
    const dir = tempDir();
    const current = path.join(dir, 'events.log');
    const written: string[] = [];
    const write = (lines: string[]): void => {
      fs.appendFileSync(current, asText(lines));
      written.push(...lines);
    };
    const recorder = startRecorder({ roots: [dir] });
    const rotate = (stamp: string): void => {
      const backup = path.join(dir, `events-${stamp}.log`);
      fs.renameSync(current, backup);
      fs.writeFileSync(`${backup}.gz`, gzipSync(fs.readFileSync(backup)));
      fs.unlinkSync(backup);
    };

    write(makeLines('one', 30));
    await waitFor('the first file', () => recorder.lines.length === 30);
    // All in one go: the reader sees the old inode gone and a .gz with content it has read.
    write(makeLines('one', 5, 31));
    rotate('2026-11-20T10-00-00.000');
    write(makeLines('two', 30));
    await waitFor('the second file', () => recorder.lines.length === 65);

    // Rename seen first, gzip later.
    const backup = path.join(dir, 'events-2026-11-20T11-00-00.000.log');
    fs.renameSync(current, backup);
    await recorder.reader.nextPass();
    write(makeLines('three', 10));
    fs.writeFileSync(`${backup}.gz`, gzipSync(fs.readFileSync(backup)));
    await recorder.reader.nextPass();
    fs.unlinkSync(backup);
    write(makeLines('three', 10, 11));
    await waitFor('the third file', () => recorder.lines.length === 85);

    await recorder.reader.nextPass();
    await recorder.reader.nextPass();
    expect(sorted(recorder.texts())).toEqual(sorted(written));
    expect(recorder.reader.progress().some((progress) => progress.file.compressed)).toBe(false);
    expectReadBack(recorder);
  });

  it('reads a .gz backup present at start (never seen as plain) before the current file, with random access into its content', async () => {
    const dir = tempDir();
    const oldest = makeLines('gz', 40);
    const middle = makeLines('plain', 10);
    const current = makeLines('current', 5);
    // Last line without a newline: the file is finished, so it still counts.
    fs.writeFileSync(path.join(dir, 'events-2026-11-19T23-59-59.999.log.gz'), gzipSync(asText(oldest).slice(0, -1)));
    fs.writeFileSync(path.join(dir, 'events-2026-11-20T10-00-00.000.log'), asText(middle));
    fs.writeFileSync(path.join(dir, 'events.log'), asText(current));
    const recorder = startRecorder({ roots: [dir], batchBytes: 512 });
    await recorder.reader.initialScanDone();

    expect(recorder.texts()).toEqual([...oldest, ...middle, ...current]);
    expectReadBack(recorder);
    const gz = recorder.reader.progress().find((progress) => progress.file.compressed);
    expect(gz).toMatchObject({ state: 'done' });
    expect(gz?.bytesRead).toBe(gz?.size);
    expect(recorder.problems).toEqual([]);
  });

  it('handles copytruncate: old lines stay readable through the copy, new content is read from 0', async () => {
    const dir = tempDir();
    const current = path.join(dir, 'events.log');
    const writer = fs.openSync(current, 'a');
    const before = makeLines('before', 40);
    fs.writeSync(writer, asText(before));
    const recorder = startRecorder({ roots: [dir] });
    await waitFor('the first lines', () => recorder.lines.length === 40);

    fs.copyFileSync(current, path.join(dir, BACKUP));
    fs.ftruncateSync(writer, 0);
    const after = makeLines('after', 60); // more than before: the size alone would not show it
    fs.writeSync(writer, asText(after));
    fs.closeSync(writer);

    await waitFor('the new lines', () => recorder.lines.length === 100);
    await recorder.reader.nextPass();
    expect(sorted(recorder.texts())).toEqual(sorted([...before, ...after]));
    expectReadBack(recorder);
    const oldId = recorder.lines[0]?.fileId;
    expect(recorder.lines.at(-1)?.fileId).not.toBe(oldId);
    expect(recorder.problems).toEqual([]);
  });

  it('after copytruncate reads the tail of the copy beyond what it had read', async () => {
    const dir = tempDir();
    const current = path.join(dir, 'events.log');
    const first = makeLines('first', 10);
    fs.writeFileSync(current, asText(first));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const recorder = startRecorder({ roots: [dir] }, () => held);
    await waitFor('the first batch', () => recorder.lines.length === 10);

    // While the first batch is being taken in: more lines, copy, truncate, one short new line.
    const tail = makeLines('first', 5, 11);
    fs.appendFileSync(current, asText(tail));
    fs.copyFileSync(current, path.join(dir, BACKUP));
    fs.truncateSync(current, 0);
    fs.appendFileSync(current, 'x\n');
    release();

    await waitFor('the tail and the new line', () => recorder.lines.length === 16);
    await recorder.reader.nextPass();
    expect(recorder.texts()).toEqual([...first, ...tail, 'x']);
    expect(recorder.lines[10]?.fileId).toBe(recorder.lines[0]?.fileId);
    expect(recorder.lines[10]?.line).toBe(11);
    expectReadBack(recorder);
  });

  it('takes a copy seen before the truncation for what it is: not read twice, used once the original is truncated', async () => {
    const dir = tempDir();
    const current = path.join(dir, 'events.log');
    const before = makeLines('kept', 20);
    fs.writeFileSync(current, asText(before));
    const recorder = startRecorder({ roots: [dir] });
    await waitFor('the first lines', () => recorder.lines.length === 20);
    fs.copyFileSync(current, path.join(dir, BACKUP));
    await recorder.reader.nextPass();
    await recorder.reader.nextPass();
    expect(recorder.lines).toHaveLength(20);

    fs.truncateSync(current, 0);
    const after = makeLines('fresh', 4);
    fs.appendFileSync(current, asText(after));
    await waitFor('the new lines', () => recorder.lines.length === 24);
    await recorder.reader.nextPass();
    expect(recorder.texts()).toEqual([...before, ...after]);
    expect(recorder.batches[0]?.file.path).toBe(path.join(dir, BACKUP));
    expectReadBack(recorder);
    expect(recorder.problems).toEqual([]);
  });

  it('reports copytruncate without a copy and goes on with the new content', async () => {
    const dir = tempDir();
    const current = path.join(dir, 'events.log');
    fs.writeFileSync(current, asText(makeLines('lost', 10)));
    const recorder = startRecorder({ roots: [dir] });
    await waitFor('the first lines', () => recorder.lines.length === 10);
    fs.truncateSync(current, 0);
    fs.appendFileSync(current, asText(makeLines('kept', 3)));
    // The report can follow the new lines: the reader first gives a copy the chance to show up.
    await waitFor('the new lines and the report', () => recorder.lines.length === 13 && recorder.problems.length > 0);
    expect(recorder.problems).toEqual([`${current}: truncated in place; no copy of its earlier lines was found`]);
    expect(() => recorder.reader.readLine(recorder.lines[0]?.fileId ?? 0, 0, 10)).toThrow(/no longer available/);
    expect(recorder.texts().slice(10)).toEqual(makeLines('kept', 3));
  });
});
