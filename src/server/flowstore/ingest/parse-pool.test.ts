import { describe, expect, it } from 'vitest';
import { parseBatch } from './parse-batch.ts';
import { ParsePool } from './parse-pool.ts';

const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ flow: { time: `2026-11-20T10:00:${String(i).padStart(2, '0')}Z`, verdict: i % 2 ? 'DROPPED' : 'FORWARDED' } })).join('\n') + '\n';
const raw = { fileId: 2, bytes: Buffer.from(lines), offset: 10, firstLine: 1 };

describe('parse threads', () => {
  it('give the same batch as parsing on this thread', async () => {
    const pool = new ParsePool(2);
    const batches = (await Promise.all([pool.parse(raw), pool.parse(raw), pool.parse(raw)])).map((parsed) => parsed.batch);
    await pool.close();
    const here = parseBatch(raw);
    for (const batch of batches) {
      expect(batch.count).toBe(50);
      expect(Array.from(batch.time)).toEqual(Array.from(here.time));
      expect(batch.dictionaries).toEqual(here.dictionaries);
    }
  });

  it('parse here when no thread is left', async () => {
    const pool = new ParsePool(1);
    await pool.close();
    expect(pool.threads).toBe(0);
    expect((await pool.parse(raw)).batch.count).toBe(50);
  });
});
