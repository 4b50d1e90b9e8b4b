/**
 * Starts the server (flags as in main.ts): from its bundle (bundle.mjs), or from the TypeScript
 * sources through tsx where no bundle can be made or kept.
 */
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { serverBundle } from './bundle.mjs';

// Stack traces name the TypeScript sources, as they do under tsx.
process.setSourceMapsEnabled(true);
const dir = await serverBundle();
if (dir !== null) await import(pathToFileURL(path.join(dir, 'main.mjs')).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
