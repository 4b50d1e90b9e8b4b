import { fileURLToPath } from 'node:url';

/**
 * The parse thread's code bundled into one plain script, once per process, so a thread starts in
 * a fraction of the time a TypeScript loader takes (and without the loader's own thread).
 * Null when the bundler is not at hand: threads then load the sources through tsx.
 */
let script: Promise<string | null> | null = null;

export function workerScript(): Promise<string | null> {
  script ??= bundle();
  return script;
}

async function bundle(): Promise<string | null> {
  try {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [fileURLToPath(new URL('./parse-worker.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: `node${process.versions.node}`,
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? null;
  } catch {
    return null;
  }
}
