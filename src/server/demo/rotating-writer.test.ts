import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTimeMs } from '../../shared/flow-facts.ts';
import type { FlowRecord } from '../../shared/flow.ts';
import type { DemoLine } from './flows.ts';
import { createDemoTraffic } from './generator.ts';
import { RotatingWriter, backupTimestamp } from './rotating-writer.ts';
import { readNodeFiles } from './test-support.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowlens-demo-rotate-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Generated lines, serialized as the writer will write them, grouped by node. */
function generate(count: number): Map<string, string[]> {
  const traffic = createDemoTraffic({ seed: 7, startMs: Date.UTC(2026, 10, 20, 10), flowsPerSecond: 500 });
  const byNode = new Map<string, string[]>();
  const lines: DemoLine[] = [];
  for (let i = 0; i < count; i++) lines.push(traffic.next());
  for (const line of lines) byNode.set(line.node_name, [...(byNode.get(line.node_name) ?? []), JSON.stringify(line)]);
  return byNode;
}

async function writeAll(dir: string, options: { maxBytes: number; compressBackups: boolean; maxBackups?: number }, count: number): Promise<void> {
  const writer = new RotatingWriter({ dir, ...options, bufferBytes: 16 * 1024 });
  const traffic = createDemoTraffic({ seed: 7, startMs: Date.UTC(2026, 10, 20, 10), flowsPerSecond: 500 });
  for (let i = 0; i < count; i++) writer.write(traffic.next());
  await writer.close();
}

const BACKUP = /^events-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}\.log$/;

describe('RotatingWriter', () => {
  it('rotates to lumberjack-named backups, gzips them, and loses or repeats no line', async () => {
    const dir = tempDir();
    const maxBytes = 100 * 1024;
    await writeAll(dir, { maxBytes, compressBackups: true }, 3000);
    const expected = generate(3000);
    const nodes = readNodeFiles(dir);
    expect([...nodes.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [node, files] of nodes) {
      const names = files.map((file) => file.path.slice(file.path.lastIndexOf('/') + 1));
      expect(names.at(-1)).toBe('events.log');
      expect(names.length).toBeGreaterThan(3);
      for (const name of names.slice(0, -1)) expect(name.replace(/\.gz$/, '')).toMatch(BACKUP);
      expect(names.slice(0, -1).every((name) => name.endsWith('.log.gz'))).toBe(true);
      for (const file of files) expect(Buffer.byteLength(file.lines.join('\n')) + 1).toBeLessThanOrEqual(maxBytes);
      expect(files.flatMap((file) => file.lines)).toEqual(expected.get(node));
      // A backup is named for the flow time of the rotation: the first line of the next file.
      files.slice(0, -1).forEach((file, index) => {
        const next = files[index + 1]?.lines[0] ?? '';
        const rotatedAt = parseTimeMs((JSON.parse(next) as FlowRecord).time ?? '');
        expect(file.path).toContain(`events-${backupTimestamp(rotatedAt)}.log.gz`);
      });
    }
  });

  it('keeps plain backups without compression', async () => {
    const dir = tempDir();
    await writeAll(dir, { maxBytes: 200 * 1024, compressBackups: false }, 2000);
    for (const node of readdirSync(dir)) {
      const names = readdirSync(join(dir, node));
      expect(names.some((name) => name.endsWith('.gz'))).toBe(false);
      expect(names.filter((name) => BACKUP.test(name)).length).toBeGreaterThan(0);
      for (const name of names) expect(statSync(join(dir, node, name)).size).toBeLessThanOrEqual(200 * 1024);
    }
  });

  it('keeps at most maxBackups backups, dropping the oldest', async () => {
    const dir = tempDir();
    await writeAll(dir, { maxBytes: 50 * 1024, compressBackups: true, maxBackups: 2 }, 3000);
    const expected = generate(3000);
    for (const [node, files] of readNodeFiles(dir)) {
      expect(files).toHaveLength(3);
      const kept = files.flatMap((file) => file.lines);
      const all = expected.get(node) ?? [];
      expect(kept).toEqual(all.slice(all.length - kept.length));
    }
  });

  it('formats backup times like lumberjack, in UTC', () => {
    expect(backupTimestamp(Date.UTC(2026, 10, 20, 10, 15, 2, 481) + 0.9)).toBe('2026-11-20T10-15-02.481');
  });
});
