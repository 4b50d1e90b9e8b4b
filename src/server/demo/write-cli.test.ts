import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDemoWriteArgs, runDemoWriteCli } from './write-cli.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function capture(): { output: { log(text: string): void; error(text: string): void }; logs: string[]; errors: string[] } {
  const logs: string[] = [];
  const errors: string[] = [];
  return { output: { log: (text) => logs.push(text), error: (text) => errors.push(text) }, logs, errors };
}

describe('demo:write flags', () => {
  it.each([
    [['--flows', '10'], '--out is required'],
    [['--out', '/tmp/x'], '--flows is required'],
    [['--out', '/tmp/x', '--flows', 'ten'], '--flows ten: expected a whole number'],
    [['--out', '/tmp/x', '--flows', '0'], '--flows 0: expected a whole number ≥ 1'],
    [['--out', '/tmp/x', '--flows', '10', '--seed', '-3'], '--seed -3: expected a whole number'],
    [['--out', '/tmp/x', '--flows', '10', '--start', 'yesterday'], '--start yesterday: expected an RFC 3339 time'],
    [['--out', '/tmp/x', '--flows', '10', '--rotate-mb', '0'], '--rotate-mb 0: expected a number of megabytes > 0'],
    [['--out', '/tmp/x', '--flows', '10', '--workloads', '2k'], '--workloads 2k: expected a whole number'],
    [['--out', '/tmp/x', '--flows', '10', '--rate', 'fast'], '--rate fast: expected flows per second'],
    [['--out', '/tmp/x', '--flows'], '--flows needs a value'],
    [['--out', '/tmp/x', '--flows', '10', '--colour', 'red'], 'unknown flag --colour'],
    [['--out', '/tmp/x', '--flows', '10', 'extra'], 'unexpected argument "extra"'],
    [['--out', '/tmp/x', '--out', '/tmp/y', '--flows', '10'], '--out given twice'],
  ])('rejects %j', (argv, message) => {
    const parsed = parseDemoWriteArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it('accepts every flag, in both --flag value and --flag=value forms', () => {
    const parsed = parseDemoWriteArgs(['--out=/tmp/x', '--flows', '500', '--seed=9', '--start', '2026-11-21T08:00:00Z', '--rotate-mb', '0.5', '--workloads=2000', '--rate', '250', '--no-compress']);
    expect(parsed).toEqual({
      ok: true,
      options: { out: '/tmp/x', flows: 500, compress: false, seed: 9, startMs: Date.UTC(2026, 10, 21, 8), maxBytes: 524288, workloads: 2000, flowsPerSecond: 250 },
    });
  });

  it('exits 2 with a message naming the flag and the usage', async () => {
    const { output, errors } = capture();
    expect(await runDemoWriteCli(['--out', '/tmp/x', '--flows', 'many'], output)).toBe(2);
    expect(errors.join('\n')).toMatch(/--flows many: expected a whole number ≥ 1, e.g. --flows 20000[\s\S]*usage: npm run demo:write/);
  });

  it('writes a corpus and says what it wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlens-demo-cli-'));
    dirs.push(dir);
    const { output, logs } = capture();
    expect(await runDemoWriteCli(['--out', join(dir, 'out'), '--flows', '3000', '--rotate-mb', '0.5'], output)).toBe(0);
    const text = logs.join('\n');
    expect(text).toContain('wrote 3000 flows (2026-11-20T10:00:00.000Z … 2026-11-20T10:00:');
    expect(text).toMatch(/aks-nodepool1-12345678-vmss000000\/events-2026-11-20T10-\d\d-\d\d\.\d{3}\.log\.gz/);
    expect(text).toMatch(/\d+ files, [\d.]+ MB in [\d.]+ s/);
  });

  it('exits with code 2 as a real process on a bad flag', () => {
    const result = spawnSync('node_modules/.bin/tsx', ['src/server/demo/write-cli.ts', '--out', '/tmp/x', '--rotate-mb', 'big'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--flows is required');
  });
});
