/**
 * Starts the server (flags as in main.ts): from its bundle (bundle.mjs), or from the TypeScript
 * sources through tsx where no bundle can be made or kept.
 */
import console from 'node:console';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serverBundle } from './bundle.mjs';

const dir = await serverBundle((problem) => console.error(`flowlens: ${problem}; starting from the TypeScript sources instead (a slower start)`));
if (dir !== null) await import(pathToFileURL(path.join(dir, 'main.mjs')).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
