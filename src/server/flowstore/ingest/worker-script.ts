import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serverBundle } from '../../bundle.mjs';

/**
 * The parse thread's code: `parse-worker.mjs` of the server's bundle (src/server/bundle.mjs), so a
 * thread starts in a fraction of the time a TypeScript loader takes (and without the loader's own
 * thread). Null when no bundle can be made or kept: threads then load the sources through tsx.
 */
export async function workerScript(): Promise<URL | null> {
  const dir = await serverBundle();
  return dir === null ? null : pathToFileURL(path.join(dir, 'parse-worker.mjs'));
}
