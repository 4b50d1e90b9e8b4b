import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnIndex } from '../index/columns.ts';
import { forgetLineShapes, parseBatch, templateRows } from './parse-batch.ts';

const fixtures = path.resolve(import.meta.dirname, '../testing/fixtures');

function batchOf(text: string, offset = 0) {
  return parseBatch({ fileId: 3, bytes: Buffer.from(text), offset, firstLine: 1 });
}

describe('parsing a batch of stored lines', () => {
  it('reads the exporter sample: flows indexed, other kinds counted, offsets point at each line', () => {
    const text = fs.readFileSync(path.join(fixtures, 'exporter.log'), 'utf8');
    const batch = batchOf(text, 1000);
    expect(batch.count).toBe(6);
    expect(batch.kinds).toEqual({ flow: 6, node_status: 1, lost_events: 1 });
    expect(batch.bad).toEqual([]);
    const lines = text.split('\n');
    for (let row = 0; row < batch.count; row++) {
      const start = batch.offset[row]! - 1000;
      const line = Buffer.from(text).subarray(start, start + batch.length[row]!).toString();
      expect(lines).toContain(line);
    }
    const verdict = columnIndex('verdict');
    const verdicts = Array.from(batch.ids.subarray(verdict * batch.count, (verdict + 1) * batch.count), (id) => batch.dictionaries[verdict]![id]);
    expect(verdicts).toEqual(['FORWARDED', 'DROPPED', 'FORWARDED', 'FORWARDED', 'FORWARDED', 'FORWARDED']);
  });

  it('parses the same rows from remembered line shapes, after forgetting them, and when it has learnt them again', () => {
    const text = fs.readFileSync(path.join(fixtures, 'exporter.log'), 'utf8');
    const first = batchOf(text);
    const before = templateRows();
    const remembered = batchOf(text);
    expect(templateRows() - before).toBe(6);
    forgetLineShapes();
    const forgotten = batchOf(text);
    expect(forgotten).toStrictEqual(remembered);
    expect(batchOf(text)).toStrictEqual(first);
  });

  it('reads bare `hubble observe -o json` flows', () => {
    const batch = batchOf(fs.readFileSync(path.join(fixtures, 'observe.json'), 'utf8'));
    expect(batch.count).toBe(1);
    expect(batch.time[0]).toBe(Date.UTC(2026, 10, 20, 10, 15, 6, 750));
  });

  it('skips and counts bad lines by reason, with line numbers and samples, keeping the good ones', () => {
    const good = '{"flow":{"time":"2026-11-20T10:00:00Z","verdict":"FORWARDED"},"node_name":"n1"}';
    const lines = [
      good,
      'not json at all',
      '[1,2,3]',
      '{"flow":"a string"}',
      '{"flow":{"time":"2026-11-20T10:00:00Z","source":{"labels":"k8s:app=x"}}}',
      '{"flow":{"verdict":"FORWARDED"}}',
      '{"something":"else"}',
      '{"flow":{"time":"yesterday"}}',
      '',
      good,
      '{"flow":{"time":"2026-11-20T10:00:01Z","IP":{"source":5}}}',
    ];
    const batch = batchOf(lines.join('\n') + '\n');
    expect(batch.count).toBe(2);
    expect(batch.bad.map((bad) => [bad.line, bad.reason])).toEqual([
      [2, 'not JSON'],
      [3, 'not a JSON object'],
      [4, 'flow is not an object'],
      [5, 'flow.source has the wrong type'],
      [6, 'no valid time'],
      [7, 'unknown line kind'],
      [8, 'no valid time'],
      [11, 'flow.IP has the wrong type'],
    ]);
    expect(batch.bad[0]!.sample).toBe('not json at all');
    expect(batch.lines).toBe(11);
  });

  it('counts unknown enum numbers without crashing', () => {
    const batch = batchOf('{"flow":{"time":"2026-11-20T10:00:00Z","verdict":42,"traffic_direction":1,"Type":9}}\n');
    expect(batch.count).toBe(1);
    const verdict = columnIndex('verdict');
    expect(batch.dictionaries[verdict]).toEqual(['42']);
  });

  it('skips a flow with a null enum as one bad line instead of losing the whole batch', () => {
    const good = '{"flow":{"time":"2026-11-20T10:00:00Z","verdict":"FORWARDED"}}';
    const batch = batchOf([good, '{"flow":{"time":"2026-11-20T10:00:01Z","verdict":null}}', good].join('\n'));
    expect(batch.count).toBe(2);
    expect(batch.bad.map((bad) => [bad.line, bad.reason])).toEqual([[2, 'unexpected shape: verdict is null']]);
  });
});
