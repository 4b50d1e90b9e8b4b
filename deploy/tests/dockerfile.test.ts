import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isIgnored, parseDockerfile, readDockerignore, stageCopies, stageEnv } from './dockerfile.ts';
import { BUNDLE_STEP } from './image-layout.ts';

const root = path.resolve(import.meta.dirname, '../..');
const { stages } = parseDockerfile(path.join(root, 'Dockerfile'));
const runtime = stages.at(-1)!;
const ignored = readDockerignore(path.join(root, '.dockerignore'));

describe('Dockerfile', () => {
  it('builds in one stage and runs from a separate, smaller one on Node 20', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.base).toMatch(/^node:20[.-]/);
    const build = stages.find((stage) => stage.instructions.some((each) => each.keyword === 'RUN' && /vite build/.test(each.text)));
    expect(build, 'a stage runs vite build').toBeDefined();
    expect(build).not.toBe(runtime);
    // The runtime stage gets no build tooling: no npm install or app build runs in it, only the server's bundle.
    expect(runtime.instructions.filter((each) => each.keyword === 'RUN').map((each) => each.args.join(' '))).toEqual([BUNDLE_STEP]);
  });

  it('runs as a non-root numeric user, so runAsNonRoot can verify it', () => {
    const users = runtime.instructions.filter((each) => each.keyword === 'USER');
    expect(users).toHaveLength(1);
    const [uid, gid] = users[0]!.args[0]!.split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBe(10001);
    expect(Number(gid ?? uid)).not.toBe(0);
    // USER comes after every COPY, so nothing the server runs is writable by it.
    const userAt = runtime.instructions.indexOf(users[0]!);
    expect(runtime.instructions.findLastIndex((each) => each.keyword === 'COPY')).toBeLessThan(userAt);
    expect(runtime.instructions.some((each) => each.keyword === 'COPY' && each.flags.chown !== undefined)).toBe(false);
  });

  it('listens on 0.0.0.0:8080 in production mode, with probes left to Kubernetes', () => {
    expect(stageEnv(runtime)).toMatchObject({ NODE_ENV: 'production', FLOWLENS_HOST: '0.0.0.0', FLOWLENS_PORT: '8080' });
    expect(runtime.instructions.filter((each) => each.keyword === 'EXPOSE').flatMap((each) => each.args)).toEqual(['8080']);
    expect(stages.flatMap((stage) => stage.instructions).some((each) => each.keyword === 'HEALTHCHECK')).toBe(false);
    const entrypoint = runtime.instructions.find((each) => each.keyword === 'ENTRYPOINT');
    expect(entrypoint?.args).toEqual(['node', 'src/server/run.mjs']);
  });

  it('copies into the runtime only the server, shared code, production modules and the built app', () => {
    const copies = stageCopies(runtime);
    const fromContext = copies.filter((copy) => copy.from === null).flatMap((copy) => copy.sources);
    expect(fromContext.sort()).toEqual(['package.json', 'src/server', 'src/shared', 'tsconfig.json']);
    const fromStages = copies.filter((copy) => copy.from !== null).map((copy) => `${copy.from}:${copy.sources.join(' ')}`);
    expect(fromStages.sort()).toEqual(['build:/src/dist', 'deps:/app/node_modules']);
    const deps = stages.find((stage) => stage.name === 'deps')!;
    expect(deps.instructions.some((each) => each.keyword === 'RUN' && /npm ci --omit=dev/.test(each.text))).toBe(true);
    // esbuild bundles the server and its parse threads (tsx runs the sources where it cannot), so production installs keep both.
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.esbuild).toBeDefined();
    expect(pkg.dependencies.tsx).toBeDefined();
  });

  it('fixes the threshold of glibc malloc for the server as npm start, npm run serve and the bench run it', () => {
    const threshold = stageEnv(runtime).MALLOC_MMAP_THRESHOLD_;
    expect(threshold).toBe('131072');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const script of ['start', 'serve', 'bench']) expect(pkg.scripts[script], script).toMatch(new RegExp(`(^|&& )MALLOC_MMAP_THRESHOLD_=${threshold} `));
  });

  it('never copies secrets, local state or the whole context', () => {
    const all = stages.flatMap((stage) => stageCopies(stage)).filter((copy) => copy.from === null);
    for (const copy of all) {
      for (const source of copy.sources) {
        expect(source, 'COPY . copies whatever lies in the folder').not.toMatch(/^\.\/?$/);
        expect(source).not.toMatch(/(^|\/)\.env|\.pem$|\.key$|\.npmrc$|id_rsa|secret|token/i);
      }
    }
    expect(stages.flatMap((stage) => stage.instructions).some((each) => each.keyword === 'ADD')).toBe(false);
    for (const local of ['.env', '.env.local', '.npmrc', 'tls/server.key', 'certs/ca.pem', 'node_modules/x', '.git/config', 'dist/index.html']) {
      expect(isIgnored(local, ignored), `${local} stays out of the build context`).toBe(true);
    }
  });

  it('keeps tests out of the context but every file the server needs in it', () => {
    expect(isIgnored('src/server/main.test.ts', ignored)).toBe(true);
    expect(isIgnored('src/web/features/flows/FlowsPage.test.tsx', ignored)).toBe(true);
    for (const needed of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'index.html',
      'vite.config.ts',
      'public/favicon.svg',
      'src/server/main.ts',
      'src/server/run.mjs',
      'src/server/bundle.mjs',
      'src/server/flowstore/ingest/parse-worker-entry.mjs',
      'src/shared/flow.ts',
      'src/web/main.tsx',
    ]) {
      expect(isIgnored(needed, ignored), `${needed} is in the build context`).toBe(false);
    }
  });
});
