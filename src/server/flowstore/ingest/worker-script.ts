import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The parse thread's code bundled into one plain script, once per process, so a thread starts in
 * a fraction of the time a TypeScript loader takes (and without the loader's own thread).
 * Null when the bundler is not at hand: threads then load the sources through tsx.
 *
 * The bundle is kept in node_modules/.cache with the size and time of each source it was built
 * from, so a server started again over unchanged sources has its threads without waiting for
 * the bundler (where that folder cannot be written, each start bundles anew).
 */
let script: Promise<string | null> | null = null;

const ENTRY = fileURLToPath(new URL('./parse-worker.ts', import.meta.url));
const CACHE = path.resolve(path.dirname(ENTRY), '../../../../node_modules/.cache/flowlens/parse-worker.json');

interface CachedBundle {
  /** Absolute path → `size:mtimeMs` of every source in the bundle. */
  sources: Record<string, string>;
  script: string;
}

export function workerScript(): Promise<string | null> {
  script ??= cached().then((found) => found ?? bundle());
  return script;
}

const stamp = async (file: string): Promise<string> => {
  const stat = await fs.stat(file);
  return `${stat.size}:${stat.mtimeMs}`;
};

/** The kept bundle, when every source it was built from is unchanged. */
export async function cached(): Promise<string | null> {
  try {
    const bundle = JSON.parse(await fs.readFile(CACHE, 'utf8')) as CachedBundle;
    const files = Object.keys(bundle.sources);
    const stamps = await Promise.all(files.map(stamp));
    return files.length > 0 && stamps.every((value, i) => value === bundle.sources[files[i]!]) ? bundle.script : null;
  } catch {
    return null;
  }
}

async function bundle(): Promise<string | null> {
  try {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [ENTRY],
      bundle: true,
      write: false,
      metafile: true,
      format: 'cjs',
      platform: 'node',
      target: `node${process.versions.node}`,
      logLevel: 'silent',
    });
    const text = result.outputFiles[0]?.text ?? null;
    if (text !== null) await keep(text, Object.keys(result.metafile.inputs).map((input) => path.resolve(input)));
    return text;
  } catch {
    return null;
  }
}

async function keep(text: string, sources: string[]): Promise<void> {
  try {
    const stamps = await Promise.all(sources.map(stamp));
    const bundle: CachedBundle = { sources: Object.fromEntries(sources.map((file, i) => [file, stamps[i]!])), script: text };
    await fs.mkdir(path.dirname(CACHE), { recursive: true });
    // Written aside and renamed, so a start reading it meanwhile never sees half a file.
    const aside = `${CACHE}.${process.pid}`;
    await fs.writeFile(aside, JSON.stringify(bundle));
    await fs.rename(aside, CACHE);
  } catch {
    // A read-only install: bundle again next time.
  }
}
