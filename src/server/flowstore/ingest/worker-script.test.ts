import { describe, expect, it } from 'vitest';
import { cached, workerScript } from './worker-script.ts';

describe('the parse thread script', () => {
  it('is bundled once and kept for the next start while its sources are unchanged', async () => {
    const script = await workerScript();
    expect(script).toContain('parentPort');
    // What a later start finds: the same script, without running the bundler.
    expect(await cached()).toBe(script);
  }, 60_000);
});
