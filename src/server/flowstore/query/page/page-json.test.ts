import { describe, expect, it } from 'vitest';
import { exportLine, flowsPageJson, pageItem } from './page-json.ts';

const TIME_MS = Date.parse('2026-11-20T10:00:00.123Z');

/** How a page item looked when every line was parsed and written again: the meaning a client must still get. */
function parsedItem(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && 'flow' in parsed ? parsed : { flow: parsed };
  } catch {
    return { flow: { time: '2026-11-20T10:00:00.123Z' }, unavailable: expect.stringMatching(/^original line could not be read back: /) };
  }
}

/** A file of lines, the line under test in the middle, so the check must stay inside its bounds. */
function itemOf(line: Buffer | string): { item: Buffer; text: string } {
  const bytes = Buffer.concat([Buffer.from('{"flow":{}}\n'), Buffer.from(line), Buffer.from('\n{"flow":{"x":1}}\n')]);
  const start = 12;
  const item = pageItem(bytes, start, start + Buffer.byteLength(line), TIME_MS);
  return { item, text: item.toString('utf8') };
}

const EXPORTER = '{"flow":{"time":"2026-11-20T10:00:00.123456789Z","verdict":"DROPPED","source":{"namespace":"shop","labels":["k8s:app=cart"]},"l4":{"TCP":{"destination_port":443}}},"node_name":"aks-1","time":"2026-11-20T10:00:00.123456789Z"}';
const BARE = '{"time":"2026-11-20T10:00:00Z","verdict":"FORWARDED","IP":{"source":"10.0.0.1"},"latency_ns":"18446744073709551615","n":1.50e+3}';

const HOSTILE: (string | Buffer)[] = [
  EXPORTER,
  BARE,
  `  ${EXPORTER}\r`,
  '{}',
  '[1,2,3]',
  '"flow"',
  'null',
  '{"flow":null}',
  '{"flow":{"time":"x"}',
  '{"flow":{}}],"total":0,"nextCursor":null}',
  '{"flow":{}},{"flow":{}}',
  '{"a":1}{"b":2}',
  '{"flow":{"a":"un\u0001escaped control"}}',
  '{"flow":{"a":"tab\tinside"}}',
  '{"flow":{"a":"\\x41"}}',
  '{"flow":{"a":"\\ud800 lone surrogate, \\u2028 and \u2028 raw"}}',
  '{"fl\\u006fw":{"verdict":"DROPPED"}}',
  '{"flow":1,"flow":{"verdict":"DROPPED"}}',
  '{"flow":{"n":01}}',
  '{"flow":{"n":-}}',
  '{"flow":{"n":1.}}',
  '{"flow":{"t":tru}}',
  '{"flow":{}} trailing',
  '{"flow":{}}\u0000',
  `{"flow":${'['.repeat(80)}${']'.repeat(80)}}`,
  `{"flow":${'['.repeat(80)}${']'.repeat(79)}}`,
  Buffer.from([...Buffer.from('{"flow":{"name":"caf'), 0xc3, 0x28, ...Buffer.from('"}}')]),
  Buffer.from([...Buffer.from('{"flow":{"name":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}}')]),
  Buffer.from([...Buffer.from('{"flow":{"name":"caf'), 0xc3, 0xa9, ...Buffer.from('"}}')]),
  '',
  '   ',
  Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('{"flow":{}}')]),
];

describe('a stored line as a page item', () => {
  it('goes out byte for byte when it is a JSON object with a flow', () => {
    expect(itemOf(EXPORTER).text).toBe(EXPORTER);
    expect(itemOf(`  ${EXPORTER}\r`).text).toBe(EXPORTER);
  });

  it('wraps a bare flow as {"flow":…}, keeping its numbers as written', () => {
    expect(itemOf(BARE).text).toBe(`{"flow":${BARE}}`);
  });

  it('means for a client exactly what the parsed and rewritten line meant, whatever the line holds', () => {
    for (const line of HOSTILE) {
      const { text } = itemOf(line);
      const label = JSON.stringify(Buffer.from(line).toString('latin1'));
      expect(() => JSON.parse(text), label).not.toThrow();
      expect(JSON.parse(text), label).toEqual(parsedItem(Buffer.from(line).toString('utf8')));
    }
  });

  it('carries only well-formed UTF-8 out', () => {
    for (const line of HOSTILE) expect(Buffer.from(itemOf(line).text, 'utf8').equals(itemOf(line).item), JSON.stringify(String(line))).toBe(true);
  });

  it('keeps a reply valid JSON around any line, each item where it was', () => {
    const items = HOSTILE.map((line) => itemOf(line).item);
    const reply = JSON.parse(flowsPageJson({ items, total: 12_345, nextCursor: 'a"b', newestCursor: 'c\\d' }).toString('utf8')) as { flows: unknown[]; total: number; nextCursor: string; newestCursor: string };
    expect(reply.total).toBe(12_345);
    expect(reply.nextCursor).toBe('a"b');
    expect(reply.newestCursor).toBe('c\\d');
    expect(reply.flows).toEqual(HOSTILE.map((line) => parsedItem(Buffer.from(line).toString('utf8'))));
    expect(JSON.parse(flowsPageJson({ items: [], total: 0, nextCursor: null, newestCursor: null }).toString())).toEqual({ flows: [], total: 0, nextCursor: null, newestCursor: null });
  });
});

describe('a stored line in a jsonl export', () => {
  it('is the line as stored (a bare flow stays bare), a broken one its unavailable form', () => {
    const line = (text: string) => exportLine(Buffer.from(text), 0, Buffer.byteLength(text), TIME_MS).toString('utf8');
    expect(line(`${EXPORTER}\r`)).toBe(EXPORTER);
    expect(line(BARE)).toBe(BARE);
    expect(JSON.parse(line('{"flow":{}}],"x":1'))).toEqual({ flow: { time: '2026-11-20T10:00:00.123Z' }, unavailable: expect.stringContaining('could not be read back') });
    for (const hostile of HOSTILE) expect(() => JSON.parse(exportLine(Buffer.from(hostile), 0, Buffer.byteLength(hostile), TIME_MS).toString('utf8'))).not.toThrow();
  });
});
