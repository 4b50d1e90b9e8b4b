import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isIgnored, parseDockerfile, readDockerignore, stageCopies, stageEnv, type Stage } from './dockerfile.ts';

/**
 * Lays out in a folder what the Dockerfile's runtime stage holds, without a container engine:
 * the COPYs from the build context (after .dockerignore), the production modules of the lockfile
 * (symlinked: `npm ci --omit=dev` would fetch the same packages) and the SPA built by Vite.
 */
/** The runtime stage's only RUN: it bundles the server (src/server/bundle.mjs). */
export const BUNDLE_STEP = 'node src/server/bundle.mjs';

export interface ImageLayout {
  appDir: string;
  env: Record<string, string>;
  entrypoint: string[];
  user: { uid: number; gid: number };
}

interface LockPackage {
  dev?: boolean;
}

/** Top-level packages a production install keeps: everything in the lockfile not marked dev-only. */
export function productionPackages(root: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  return Object.entries(lock.packages)
    .filter(([key, entry]) => key.startsWith('node_modules/') && key.lastIndexOf('node_modules/') === 0 && entry.dev !== true)
    .map(([key]) => key.slice('node_modules/'.length));
}

function runtimeStage(root: string): Stage {
  const stage = parseDockerfile(path.join(root, 'Dockerfile')).stages.at(-1);
  if (!stage) throw new Error('Dockerfile has no stage');
  return stage;
}

export function layOutImage(root: string, appDir: string): ImageLayout {
  const stage = runtimeStage(root);
  const ignored = readDockerignore(path.join(root, '.dockerignore'));
  fs.mkdirSync(appDir, { recursive: true });
  for (const copy of stageCopies(stage)) {
    const destination = path.resolve(appDir, copy.destination);
    if (copy.from === 'deps') {
      // node_modules from the production install.
      const modules = path.join(destination);
      for (const name of productionPackages(root)) {
        fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
        fs.symlinkSync(path.join(root, 'node_modules', name), path.join(modules, name), 'dir');
      }
    } else if (copy.from === 'build') {
      // The build stage's `vite build`, into this layout instead of the shared dist/.
      try {
        execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', destination, '--emptyOutDir', '--logLevel', 'warn'], {
          cwd: root,
          stdio: 'pipe',
        });
      } catch (error) {
        throw new Error(`vite build (the image's build stage) failed:\n${String((error as { stderr?: Buffer }).stderr ?? error).slice(0, 2000)}`);
      }
    } else if (copy.from === null) {
      for (const source of copy.sources) {
        const target = copy.sources.length > 1 || copy.destination.endsWith('/') ? path.join(destination, path.basename(source)) : destination;
        fs.cpSync(path.join(root, source), target, {
          recursive: true,
          filter: (from) => !isIgnored(path.relative(root, from), ignored),
        });
      }
    } else {
      throw new Error(`COPY --from=${copy.from}: no local stand-in for that stage`);
    }
  }
  for (const run of stage.instructions.filter((each) => each.keyword === 'RUN')) {
    // The one build step of the runtime stage: the server's bundle, made in the layout as in the image.
    if (run.args.join(' ') !== BUNDLE_STEP) throw new Error(`RUN ${run.args.join(' ')}: no local stand-in for that step`);
    execFileSync(process.execPath, ['src/server/bundle.mjs'], { cwd: appDir, stdio: 'pipe' });
  }
  const entrypoint = stage.instructions.find((each) => each.keyword === 'ENTRYPOINT')?.args ?? [];
  const [uid = '0', gid = uid] = stage.instructions.find((each) => each.keyword === 'USER')?.args[0]?.split(':') ?? [];
  return { appDir, env: stageEnv(stage), entrypoint, user: { uid: Number(uid), gid: Number(gid) } };
}

/** Every path under a folder, relative to it; symlinks are listed, not followed. */
export function listTree(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const name = path.join(prefix, entry.name);
      return entry.isDirectory() ? [name, ...listTree(dir, name)] : [name];
    })
    .sort();
}
