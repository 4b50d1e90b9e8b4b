import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyName, scanRoots } from './discover.ts';
import { asText, cleanUp, makeLines, startRecorder, tempDir, waitFor } from './test-support.ts';

afterEach(cleanUp);

describe('finding log files', () => {
  it('knows current files, lumberjack backups and their .gz, and ignores the rest', () => {
    expect(classifyName('events.log')).toEqual({ compressed: false, backupTime: null });
    expect(classifyName('events-2026-11-20T10-15-02.481.log')).toEqual({ compressed: false, backupTime: '2026-11-20T10-15-02.481' });
    expect(classifyName('events-2026-11-20T10-15-02.481.log.gz')).toEqual({ compressed: true, backupTime: '2026-11-20T10-15-02.481' });
    expect(classifyName('events.log.gz')).toEqual({ compressed: true, backupTime: '' });
    expect(classifyName('events.log.1')).toBeNull();
    expect(classifyName('notes.txt')).toBeNull();
  });

  it('orders backups oldest first whatever their folder, then the current files, searching sub-folders', async () => {
    const root = tempDir();
    const write = (name: string): void => {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), 'x\n');
    };
    ['events.log', 'events-2026-11-20T10-00-00.000.log', 'events-2026-11-19T09-00-00.000.log.gz', 'node-b/events.log', 'node-a/events.log', 'node-a/events-2026-11-20T08-00-00.000.log', 'README.md'].forEach(write);
    const { files, problems } = await scanRoots([root]);
    expect(problems.size).toBe(0);
    expect(files.map((file) => path.relative(root, file.path))).toEqual([
      'events-2026-11-19T09-00-00.000.log.gz',
      'node-a/events-2026-11-20T08-00-00.000.log',
      'events-2026-11-20T10-00-00.000.log',
      'events.log',
      'node-a/events.log',
      'node-b/events.log',
    ]);
    expect(files.map((file) => file.folder)).toEqual(['', 'node-a', '', '', 'node-a', 'node-b']);
  });

  it('says which --logs folder is missing or not a folder', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'file.log'), '');
    const { problems } = await scanRoots([path.join(root, 'nope'), path.join(root, 'file.log')]);
    expect([...problems.values()]).toEqual([`--logs ${path.join(root, 'nope')}: folder not found`, `--logs ${path.join(root, 'file.log')}: not a folder`]);
  });
});

describe('LogReader roots', () => {
  it('reports a missing root once, reads the other roots, and picks the folder up when it appears', async () => {
    const parent = tempDir();
    const missing = path.join(parent, 'later');
    const present = path.join(parent, 'now');
    fs.mkdirSync(present);
    fs.writeFileSync(path.join(present, 'events.log'), asText(makeLines('now', 3)));
    const recorder = startRecorder({ roots: [missing, present] });
    await recorder.reader.initialScanDone();
    await recorder.reader.nextPass();
    expect(recorder.problems).toEqual([`--logs ${missing}: folder not found`]);
    expect(recorder.texts()).toEqual(makeLines('now', 3));

    fs.mkdirSync(path.join(missing, 'node-1'), { recursive: true });
    fs.writeFileSync(path.join(missing, 'node-1', 'events.log'), asText(makeLines('later', 2)));
    await waitFor('the new folder', () => recorder.lines.length === 5);
    expect(recorder.batches.at(-1)?.file.folder).toBe('node-1');
    expect(recorder.problems).toHaveLength(1);
  });

  it('reads backups in time order across plain and gzipped files, and finishes rotated backups', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'events-2026-11-20T10-00-00.000.log'), asText(makeLines('second', 2)));
    fs.writeFileSync(path.join(root, 'events-2026-11-19T10-00-00.000.log.gz'), gzipSync(asText(makeLines('first', 2))));
    fs.writeFileSync(path.join(root, 'events.log'), asText(makeLines('third', 2)));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(root, 'events-2026-11-20T10-00-00.000.log'), old, old);
    const recorder = startRecorder({ roots: [root] });
    await recorder.reader.initialScanDone();
    expect(recorder.texts()).toEqual([...makeLines('first', 2), ...makeLines('second', 2), ...makeLines('third', 2)]);
    const states = recorder.reader.progress().map((progress) => [path.basename(progress.file.path), progress.state]);
    expect(states).toEqual([
      ['events-2026-11-19T10-00-00.000.log.gz', 'done'],
      ['events-2026-11-20T10-00-00.000.log', 'done'],
      ['events.log', 'following'],
    ]);

    // Releasing closes a finished file for good; a file still followed stays open.
    const [gz, backup, current] = recorder.lines.filter((_, i) => i % 2 === 0);
    recorder.reader.release(backup?.fileId ?? 0);
    recorder.reader.release(current?.fileId ?? 0);
    await recorder.reader.nextPass();
    expect(() => recorder.reader.readLine(backup?.fileId ?? 0, 0, 1)).toThrow(/no longer available/);
    expect(recorder.reader.readLine(current?.fileId ?? 0, 0, current?.length ?? 0).toString()).toBe(current?.text);
    expect(recorder.reader.readLine(gz?.fileId ?? 0, 0, gz?.length ?? 0).toString()).toBe(gz?.text);
    expect(recorder.lines).toHaveLength(6);
  });
});
