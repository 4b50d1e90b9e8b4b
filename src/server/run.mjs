/**
 * Starts the server (flags as in main.ts): from its bundle (bundle.mjs), or from the TypeScript
 * sources through tsx where no bundle can be made or kept.
 */
import process from 'node:process';
import { serverBundle } from './bundle.mjs';

// Stack traces name the TypeScript sources, as they do under tsx.
process.setSourceMapsEnabled(true);
const entry = await serverBundle();
if (entry !== null) await import(entry);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
