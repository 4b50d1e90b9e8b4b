import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let project = '';

/**
 * A project of its own: bundle.mjs and run.mjs beside a small main.ts, with the real esbuild (and
 * tsx for the fallback) linked in, so the real bundler runs and the cache under its node_modules
 * is this test's.
 */
function makeProject(): string {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-bundle-'));
  const server = path.join(project, 'src/server');
  fs.mkdirSync(path.join(server, 'parts'), { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ type: 'module' }));
  for (const file of ['bundle.mjs', 'run.mjs']) fs.copyFileSync(path.join(root, 'src/server', file), path.join(server, file));
  fs.writeFileSync(path.join(server, 'main.ts'), "import { greeting } from './parts/greeting.ts';\nconsole.log(`${greeting()} from ${new URL('.', import.meta.url).pathname}`);\n");
  fs.writeFileSync(path.join(server, 'parts/greeting.ts'), "export const greeting = (): string => 'hello';\n");
  fs.mkdirSync(path.join(server, 'flowstore/ingest'), { recursive: true });
  fs.writeFileSync(path.join(server, 'flowstore/ingest/parse-worker.ts'), "import { greeting } from '../../parts/greeting.ts';\nconsole.log(greeting());\n");
  const modules = path.join(project, 'node_modules');
  fs.mkdirSync(path.join(modules, '@esbuild'), { recursive: true });
  for (const name of ['esbuild', 'tsx']) fs.symlinkSync(path.join(root, 'node_modules', name), path.join(modules, name), 'dir');
  for (const name of fs.readdirSync(path.join(root, 'node_modules/@esbuild'))) fs.symlinkSync(path.join(root, 'node_modules/@esbuild', name), path.join(modules, '@esbuild', name), 'dir');
  return server;
}

const cache = () => path.join(project, 'node_modules/.cache/flowlens/server');
const current = () => JSON.parse(fs.readFileSync(path.join(cache(), 'current.json'), 'utf8')) as { dir: string; sources: Record<string, string> };
const run = (server: string) => execFileSync(process.execPath, [path.join(server, 'run.mjs')], { encoding: 'utf8' }).trim();

afterEach(() => {
  fs.rmSync(project, { recursive: true, force: true });
});

describe('the server bundle', () => {
  it('runs the sources bundled, each module keeping its own import.meta.url, and reuses the bundle while they are unchanged', () => {
    const server = makeProject();
    expect(run(server)).toBe(`hello from ${server}/`);
    const first = current();
    expect(Object.keys(first.sources).sort()).toEqual(['flowstore/ingest/parse-worker.ts', 'main.ts', 'parts/greeting.ts'].map((file) => path.join(server, file)));
    // The parse threads' entry beside the server's, sharing its parts.
    for (const entry of ['main.mjs', 'parse-worker.mjs']) expect(fs.existsSync(path.join(cache(), first.dir, entry))).toBe(true);
    expect(run(server)).toBe(`hello from ${server}/`);
    expect(current().dir).toBe(first.dir);
  });

  it('makes a new bundle when a source changes, and keeps the old one for servers still running from it', () => {
    const server = makeProject();
    run(server);
    const first = current().dir;
    fs.writeFileSync(path.join(server, 'parts/greeting.ts'), "export const greeting = (): string => 'hello again';\n");
    expect(run(server)).toBe(`hello again from ${server}/`);
    expect(current().dir).not.toBe(first);
    expect(fs.existsSync(path.join(cache(), first, 'main.mjs'))).toBe(true);
  });

  it('finds, from inside the bundle, the bundle it runs from (the parse threads start from its script, not through tsx)', () => {
    const server = makeProject();
    fs.writeFileSync(path.join(server, 'main.ts'), "import { serverBundle } from './bundle.mjs';\nconsole.log(await serverBundle((problem) => console.log(problem)));\n");
    const said = run(server);
    expect(said).toBe(path.join(cache(), current().dir));
    expect(fs.existsSync(path.join(said, 'parse-worker.mjs'))).toBe(true);
  });

  it('runs the sources through tsx when no bundle can be made, saying why', () => {
    const server = makeProject();
    fs.rmSync(path.join(project, 'node_modules/esbuild'));
    const started = spawnSync(process.execPath, [path.join(server, 'run.mjs')], { encoding: 'utf8' });
    expect(started.stdout.trim()).toBe(`hello from ${server}/`);
    expect(started.stderr).toMatch(/could not bundle the server into .*esbuild.*; starting from the TypeScript sources instead/);
    expect(fs.existsSync(path.join(cache(), 'current.json'))).toBe(false);
  });

  it('prepares the bundle on its own, for an image built before it is read-only', () => {
    const server = makeProject();
    const said = execFileSync(process.execPath, [path.join(server, 'bundle.mjs')], { encoding: 'utf8' });
    expect(said).toContain(path.join(cache(), current().dir));
    expect(run(server)).toBe(`hello from ${server}/`);
  });
});
