import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workerScript } from './worker-script.ts';

describe('the parse thread script', () => {
  it("is the parse thread's entry of the server's bundle", async () => {
    const script = await workerScript();
    expect(script).not.toBeNull();
    expect(fs.readFileSync(fileURLToPath(script!), 'utf8')).toContain('parentPort');
    // Asked again (another pool in the same process): the same file, without running the bundler.
    expect((await workerScript())?.href).toBe(script!.href);
  }, 60_000);
});
