/**
 * The server's TypeScript sources bundled by esbuild into a few plain modules, so a start loads
 * about twenty files instead of two hundred through a TypeScript loader (and without the loader's
 * own thread): the index starts reading about a second sooner on a quiet machine, several on a busy
 * one. Two entries share the bundle's parts: the server (`main.mjs`) and its parse threads
 * (`parse-worker.mjs`). Plain JavaScript, since it runs before anything could read TypeScript.
 *
 * Bundles are kept in node_modules/.cache/flowlens/server/, each in a folder of its own;
 * `current.json` names the latest with the size and time of every source it was built from, so a
 * start over unchanged sources reuses it and a changed source makes a new one. A folder is never
 * changed once written (a running server may still load its lazy parts), and removed a day after
 * another replaced it.
 *
 *   node src/server/bundle.mjs    prepares the bundle and exits (the image does it at build time)
 */
import console from 'node:console';
import fs from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The bundle's entries: each becomes `<name>.mjs` in its folder. */
const ENTRIES = { main: path.join(HERE, 'main.ts'), 'parse-worker': path.join(HERE, 'flowstore/ingest/parse-worker.ts') };
const CACHE = path.resolve(HERE, '../../node_modules/.cache/flowlens/server');
const CURRENT = path.join(CACHE, 'current.json');
/** Bumped when the build options below change, so an older bundle is not reused. */
const FORMAT = 4;
/** An old bundle's folder stays this long after a newer one replaced it. */
const KEEP_OLD_MS = 24 * 60 * 60 * 1000;

/** @param {string} file */
const stamp = async (file) => {
  const stat = await fs.stat(file);
  return `${stat.size}:${stat.mtimeMs}`;
};

/** @type {Promise<{ dir: string | null, problem: string | null }> | null} */
let bundle = null;

/**
 * The folder of the bundle: the one kept when every source is unchanged, else a new one (once per
 * process). Null when none can be made or kept (esbuild missing, a read-only install without one);
 * `onProblem` then hears why.
 * @param {(message: string) => void} [onProblem]
 * @returns {Promise<string | null>}
 */
export async function serverBundle(onProblem = () => {}) {
  bundle ??= keptBundle().then(async (kept) => (kept ? { dir: kept, problem: null } : newBundle()));
  const { dir, problem } = await bundle;
  if (problem !== null) onProblem(problem);
  return dir;
}

/** @returns {Promise<string | null>} */
async function keptBundle() {
  try {
    /** @type {{ format: number, dir: string, sources: Record<string, string> }} */
    const current = JSON.parse(await fs.readFile(CURRENT, 'utf8'));
    const files = Object.keys(current.sources);
    if (current.format !== FORMAT || files.length === 0) return null;
    const stamps = await Promise.all(files.map(stamp));
    if (!stamps.every((value, i) => value === current.sources[files[i]])) return null;
    return path.join(CACHE, current.dir);
  } catch {
    return null;
  }
}

/**
 * In a bundle every module's `import.meta.url` would be the bundle's: each source keeps its own
 * (main.ts finds the built web app from it; this file, bundled in for the parse threads' script,
 * finds the sources and the bundles' folder from it — with the bundle's own URL it found neither,
 * and the threads fell back to loading the sources through tsx).
 * @type {import('esbuild').Plugin}
 */
const ownUrls = {
  name: 'own-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.(tsx?|mjs)$/ }, async (args) => {
      const text = await fs.readFile(args.path, 'utf8');
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: args.path.endsWith('.mjs') ? 'js' : 'ts' };
    });
  },
};

/** @returns {Promise<{ dir: string | null, problem: string | null }>} */
async function newBundle() {
  try {
    const esbuild = await import('esbuild');
    const dir = `build-${Date.now()}-${process.pid}`;
    const result = await esbuild.build({
      entryPoints: ENTRIES,
      outdir: path.join(CACHE, dir),
      outExtension: { '.js': '.mjs' },
      bundle: true,
      // Lazy imports (ClickHouse, the demo, the web server's routes) stay separate files, loaded when asked for.
      splitting: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      target: `node${process.versions.node}`,
      // No source maps: reading them costs a start about 0.1 s; the bundle is not minified, so stack traces keep the functions' names.
      metafile: true,
      plugins: [ownUrls],
      logLevel: 'silent',
    });
    const sources = Object.keys(result.metafile.inputs).map((input) => path.resolve(input));
    const stamps = await Promise.all(sources.map(stamp));
    // Written aside and renamed, so a start reading it meanwhile never sees half a file.
    const aside = `${CURRENT}.${process.pid}`;
    await fs.writeFile(aside, JSON.stringify({ format: FORMAT, dir, sources: Object.fromEntries(sources.map((file, i) => [file, stamps[i]])) }));
    await fs.rename(aside, CURRENT);
    await removeOld(dir);
    return { dir: path.join(CACHE, dir), problem: null };
  } catch (error) {
    return { dir: null, problem: `could not bundle the server into ${CACHE} (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): is the folder writable, and esbuild installed (npm ci)?` };
  }
}

/** @param {string} current */
async function removeOld(current) {
  const now = Date.now();
  for (const entry of await fs.readdir(CACHE, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const folder = path.join(CACHE, entry.name);
    const { mtimeMs } = await fs.stat(folder);
    if (now - mtimeMs > KEEP_OLD_MS) await fs.rm(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = await serverBundle((problem) => console.error(`flowlens: ${problem}`));
  if (dir === null) process.exit(1);
  console.log(`Server bundled: ${dir}`);
}
