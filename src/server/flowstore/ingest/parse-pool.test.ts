import { describe, expect, it } from 'vitest';
import type { EncodedBatch } from '../index/encoded-batch.ts';
import { parseBatch } from './parse-batch.ts';
import { ParsePool } from './parse-pool.ts';

const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ flow: { time: `2026-11-20T10:00:${String(i).padStart(2, '0')}Z`, verdict: i % 2 ? 'DROPPED' : 'FORWARDED' } })).join('\n') + '\n';
const raw = { fileId: 2, bytes: Buffer.from(lines), offset: 10, firstLine: 1 };

/** Rows a parse thread wrote stay in the memory it shares with the pool. */
const fromThread = (batch: EncodedBatch) => batch.time.buffer instanceof SharedArrayBuffer;

async function untilThreadsParse(pool: ParsePool): Promise<void> {
  for (let tries = 0; tries < 800; tries++) {
    const { batch, release } = await pool.parse(raw);
    release();
    if (fromThread(batch)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the parse threads never took a batch');
}

function expectSameAsHere(batch: EncodedBatch): void {
  const here = parseBatch(raw);
  expect(batch.count).toBe(50);
  expect(Array.from(batch.time)).toEqual(Array.from(here.time));
  expect(Array.from(batch.ids)).toEqual(Array.from(here.ids));
  expect(batch.dictionaries).toEqual(here.dictionaries);
}

describe('parse threads', () => {
  it('give the same batch as parsing on this thread', async () => {
    const pool = new ParsePool(2);
    await untilThreadsParse(pool);
    const parsed = await Promise.all([pool.parse(raw), pool.parse(raw), pool.parse(raw)]);
    await pool.close();
    for (const { batch } of parsed) {
      expect(fromThread(batch)).toBe(true);
      expectSameAsHere(batch);
    }
  }, 30_000);

  it('parse here while the threads start, and when no thread is left', async () => {
    const pool = new ParsePool(1);
    const first = await pool.parse(raw);
    expect(fromThread(first.batch)).toBe(false);
    expectSameAsHere(first.batch);
    await pool.close();
    expect(pool.threads).toBe(0);
    expect((await pool.parse(raw)).batch.count).toBe(50);
  }, 30_000);

  it('end when paused, start again for a backlog of big batches, and end again once it is worked off', async () => {
    const pool = new ParsePool(2, { backlogBytes: raw.bytes.length, idleMs: 100 });
    await untilThreadsParse(pool);
    await pool.pause();
    expect(pool.threads).toBe(0);
    // Following a file: small batches are parsed here without threads.
    const small = { ...raw, bytes: raw.bytes.subarray(0, raw.bytes.indexOf(10) + 1) };
    expect((await pool.parse(small)).batch.count).toBe(1);
    expect(pool.threads).toBe(0);
    // A backlog: the threads come back and take the batches.
    await pool.parse(raw);
    expect(pool.threads).toBe(2);
    await untilThreadsParse(pool);
    const again = await pool.parse(raw);
    expectSameAsHere(again.batch);
    again.release();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pool.threads).toBe(0);
    await pool.close();
  }, 60_000);
});
