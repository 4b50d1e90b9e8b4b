/**
 * Test lines for the sparse scan: realistic flow lines rewritten the ways JSON allows (key order,
 * whitespace, escapes) and broken the ways logs get broken (wrong types, truncation, stray bytes).
 */
import { seededRandom } from './random-flows.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const SPACES = ['', ' ', '  ', '\t', ' \r '];

/** JSON text with keys shuffled at every level and whitespace between all tokens. */
function shuffledText(value: Json, random: () => number): string {
  const space = () => SPACES[Math.floor(random() * SPACES.length)]!;
  if (Array.isArray(value)) return `[${space()}${value.map((item) => shuffledText(item, random)).join(`${space()},${space()}`)}${space()}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort(() => random() - 0.5);
  return `{${space()}${keys.map((key) => `${JSON.stringify(key)}${space()}:${space()}${shuffledText(value[key]!, random)}`).join(`${space()},${space()}`)}${space()}}`;
}

/** Every non-ASCII character as a \u escape (they only occur inside strings). */
const escapeNonAscii = (text: string): string =>
  text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

const WRONG_VALUES: Json[] = [{}, [], 'text', 5, -0.5, true, null, [1], { x: 1 }, ['a', 2]];
const FIELDS = ['time', 'verdict', 'drop_reason', 'drop_reason_desc', 'IP', 'l4', 'source', 'destination', 'Type', 'node_name', 'source_names', 'destination_names', 'l7', 'is_reply', 'reply', 'event_type', 'source_service', 'destination_service', 'traffic_direction', 'ingress_denied_by', 'egress_denied_by', 'ingress_allowed_by', 'egress_allowed_by'];
const NESTED_WRONG: Record<string, Json>[] = [
  { source: { labels: 'k8s:app=x' } },
  { source: { workloads: [{ name: 5 }] } },
  { destination: { identity: '102' } },
  { l4: { TCP: { flags: [] } } },
  { l4: { UDP: { source_port: '53' } } },
  { l7: { http: { code: '500', method: 'GET' } } },
  { l7: { type: 'RESPONSE', dns: { query: 'a.example.', rcode: 3 } } },
  { l7: { type: 2, kafka: { topic: 'orders' }, latency_ns: '12345' } },
  { l7: { http: { code: 503, url: 'http://svc:8080/api/x?q=1', headers: [{ key: 'a', value: 'b' }] }, latency_ns: 'soon' } },
  { IP: { source: 5 } },
  { event_type: { type: '4' } },
  { source_names: ['a.example.', 7] },
  { ingress_denied_by: [{ name: 'deny', namespace: 5 }] },
  { egress_allowed_by: [{ name: 'allow-all', namespace: 'default', labels: ['x'] }] },
];
const TIMES = ['2026-11-20T10:00:00+02:00', '2026-11-20 10:00:00.1234567891Z', '2026-11-20t10:00:00.5z', '0050-01-01T00:00:00Z', '2026-13-45T99:99:99Z', '2026-11-20T10:00:00', ''];

function variantsOf(line: string, random: () => number, index: number): string[] {
  const record = JSON.parse(line) as JsonObject;
  const flow = record.flow as JsonObject;
  const lines = [shuffledText(record, random), ` ${line}\t`, JSON.stringify(flow), shuffledText(flow, random)];
  const source = (flow.source ?? {}) as JsonObject;
  const escaped = { ...record, flow: { ...flow, source: { ...source, pod_name: `p"o\\d é 𝄞 \u0000 ${index}`, labels: ['k8s:app=ünï', 'k8s:a=b"c'] } } };
  lines.push(JSON.stringify(escaped), escapeNonAscii(JSON.stringify(escaped)));
  lines.push(line.replace('"time":"2', '"time":"\\u0032').replace('"node_name":"', '"node_name":"\\/'));
  const extra: Json = [1, [2, { a: [true, false, null, -1.5e3, 0, 1e21] }], 'x"y', { '': [] }];
  lines.push(JSON.stringify({ extra, ...record, flow: { ...flow, extra, 'odd\\key': 1 } }));
  if (index < 8) {
    for (const field of FIELDS) {
      for (const wrong of WRONG_VALUES) lines.push(JSON.stringify({ ...record, flow: { ...flow, [field]: wrong } }));
    }
  }
  for (const nested of NESTED_WRONG) lines.push(JSON.stringify({ ...record, flow: { ...flow, ...nested } }));
  for (const time of TIMES) lines.push(JSON.stringify({ ...record, flow: { ...flow, time } }), JSON.stringify({ ...record, time, flow: { ...flow, time: null } }));
  for (const top of [{ node_name: 5 }, { node_name: null }, { time: 5 }, { time: null }, { flow: null }, { flow: [] }, { flow: 5 }, { node_status: {} }]) {
    lines.push(JSON.stringify({ ...record, ...top }));
  }
  for (const numbers of [{ verdict: 1 }, { verdict: 42, Type: 9 }, { verdict: -0, traffic_direction: 1 }, { drop_reason: 133, drop_reason_desc: 181 }, { verdict: 0.5 }, { is_reply: true, reply: false }, { reply: true }]) {
    lines.push(JSON.stringify({ ...record, flow: { ...flow, ...numbers } }).replace('"verdict":42', '"verdict":4.2e1'));
  }
  lines.push(line.slice(0, Math.floor(random() * line.length)));
  return lines;
}

const OTHER_KINDS = [
  '{"node_status":{"state_change":"NODE_CONNECTED","node_names":["n1"]},"node_name":"n1","time":"2026-11-20T10:15:05.1Z"}',
  '{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"42"},"time":"2026-11-20T10:15:05.2Z"}',
  '{"agent_event":{}}',
  '{"debug_event":null,"node_name":"n2"}',
  '{"debug_event":1,"time":7}',
  '{"something":"else"}',
  '{}',
  ' { } ',
  '{"uuid":"only"}',
  '{"uuid":5,"verdict":"DROPPED","time":"2026-11-20T10:00:00Z"}',
  '{"flow":{},"node_status":{}}',
  '{"flow":{"time":"2026-11-20T10:00:00Z"},"lost_events":{}}',
  '[]',
  '"text"',
  '5',
  'null',
  '{"flow":{"time":"2026-11-20T10:00:00Z","verdict":"FORWARDED"},"node_name":"n1"}',
];

/** Variants of each base line, plus lines of the other kinds and top-level shapes. */
export function trickyLines(baseLines: readonly string[]): string[] {
  const random = seededRandom(1);
  return [...baseLines.flatMap((line, index) => variantsOf(line, random, index)), ...OTHER_KINDS];
}

const DAMAGE = ['"', '{', '}', '[', ']', ',', ':', '\\', ' ', '0', '1', '.', 'e', '-', '+', 't', 'n', 'u', 'x', '\t', '\u0001', 'é'];

/** `count` lines with one random byte-level edit each: replaced, deleted, inserted or doubled. */
export function* mutatedLines(baseLines: readonly string[], count: number, seed: number): Generator<string> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  for (let i = 0; i < count; i++) {
    const line = pick(baseLines);
    const at = Math.floor(random() * line.length);
    const edit = Math.floor(random() * 4);
    if (edit === 0) yield line.slice(0, at) + pick(DAMAGE) + line.slice(at + 1);
    else if (edit === 1) yield line.slice(0, at) + line.slice(at + 1);
    else if (edit === 2) yield line.slice(0, at) + pick(DAMAGE) + line.slice(at);
    else yield line.slice(0, at) + line.slice(at, at + 1 + Math.floor(random() * 20)) + line.slice(at);
  }
}
