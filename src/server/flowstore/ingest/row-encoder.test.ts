import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCorpus } from '../../demo/corpus.ts';
import { varietyLines } from '../testing/variety/lines.ts';
import { parseBatch, templateRows } from './parse-batch.ts';

type Json = Record<string, unknown>;

const L4 = [
  '{"TCP":{"source_port":0,"destination_port":65535,"flags":{"SYN":true}}}',
  '{"TCP":{"destination_port":80}}',
  '{"TCP":{}}',
  '{"UDP":{"source_port":53,"destination_port":40000}}',
  '{"SCTP":{"source_port":1,"destination_port":2}}',
  '{"ICMPv4":{"type":8}}',
  '{"ICMPv6":{"type":128}}',
  '{"TCP":null}',
  'null',
  '{}',
  '{"TCP":{"source_port":8080.0,"destination_port":1}}',
  '{"TCP":{"source_port":8e3,"destination_port":1}}',
  '{"TCP":{"source_port":-1,"destination_port":1}}',
  '{"TCP":{"source_port":1,"source_port":2}}',
  '{"TCP":{"source_port":1,"destination_port":2,"flags":[]}}',
  '{"TCP":{"source_port":1,"destination_port":2,"flags":null}}',
  '{"TCP":{"source_port":"80","destination_port":2}}',
  '{"TCP":{"source_port":1,"destination_port":2,"extra":5}}',
  '{"UDP":{"source_port":1},"TCP":{"source_port":2}}',
  '{ "TCP" : { "source_port" : 5 , "destination_port" : 6 } }',
  '{"TCP":{"source_port":123456789012345678,"destination_port":1}}',
  '{"TCP":{"source_port":70000,"destination_port":1}}',
  '{"UDP":{"source_port":5,"destination_port":6,"flags":{"SYN":true}}}',
];

const L7 = [
  { type: 'RESPONSE', dns: { query: 'a.example.', rcode: 3 } },
  { type: 'RESPONSE', dns: { query: 'a.example.' } },
  { type: 'REQUEST', dns: { query: 'a.example.' } },
  { type: 'RESPONSE', http: { code: 503, method: 'GET', url: 'http://svc/api/x?q=1' }, latency_ns: '1234' },
  { type: 'RESPONSE', http: { code: 404, method: 'POST', url: 'http://svc/api/y' }, latency_ns: '99' },
  // Same code and method, other URLs: the path is the URL's own, whatever the rest shares.
  { type: 'RESPONSE', http: { code: 503, method: 'GET', url: 'http://svc/api/z#part' }, latency_ns: '1' },
  { type: 'RESPONSE', http: { code: 503, method: 'GET', url: 'http://svc:8080' }, latency_ns: '2' },
  { type: 'RESPONSE', http: { code: 503, method: 'GET', url: '/orders/1?id=2' }, latency_ns: '3' },
  { type: 'RESPONSE', http: { code: 503, method: 'GET', url: '' }, latency_ns: '4' },
  { type: 'RESPONSE', http: { code: 503, method: 'GET', url: null }, latency_ns: '5' },
  { type: 'RESPONSE', http: { code: 503, method: 'GET', url: 5 }, latency_ns: '6' },
  { type: 'RESPONSE', http: { code: 503, method: 'GET' }, latency_ns: '7' },
  { type: 'RESPONSE', kafka: { topic: 'orders', error_code: 3 } },
  { type: 2, kafka: { topic: 'orders' } },
  { type: 'RESPONSE', latency_ns: 5, http: { code: 500, method: 'GET', url: '/x' }, protocol: 'HTTP/1.1' },
  { type: 'RESPONSE', latency_ns: null, dns: { query: 'b.example.', rcode: 0, ips: ['10.0.0.1'] } },
  { type: 'RESPONSE', latency_ns: {}, http: { code: 200 } },
  { type: 'RESPONSE', latency_ns: true, http: { code: 200 } },
  { type: null, http: null, dns: null, kafka: null },
  { type: 'RESPONSE', dns: 5 },
  { type: 'RESPONSE', http: { code: '200' } },
  { type: 7, kafka: { topic: 'orders', error_code: 0 } },
  { type: 'RESPONSE', latency_ns: '77', kafka: { error_code: 3, api_version: 9, correlation_id: 77, topic: 'orders-dlq' } },
  { type: 'RESPONSE', kafka: { error_code: '3', topic: 'orders' } },
  { type: 'RESPONSE', kafka: { topic: 5 } },
  { type: 'RESPONSE', kafka: [] },
  { type: 'RESPONSE', kafka: {} },
  null,
  {},
];

/** l7 objects JSON.stringify cannot write: duplicate and escaped keys. */
const L7_TEXTS = [
  '{"type":"RESPONSE","type":"REQUEST","http":{"code":200}}',
  '{"type":"RESPONSE","http":{"code":200},"http":{"code":503}}',
  '{"typ\\u0065":"RESPONSE","http":{"code":503}}',
  '{ "type" : "RESPONSE" , "latency_ns" : "12" , "http" : { "code" : 404 } }',
  '{"type":"RESPONSE","kafka":{"topic":"a","topic":"b","error_code":1}}',
  '{"type":"RESPONSE","kafka":{"error_code":1,"topic":"a"},"kafka":null}',
  '{"type":"RESPONSE","kafka":{"error_code":1.5e0,"topic":"a"}}',
  '{"type":"RESPONSE","http":{"code":200,"code":503,"url":"http://a/b"}}',
  '{"type":"RESPONSE","http":{"c\\u006fde":503,"url":"http://a/b"}}',
  '{"type":"RESPONSE","http":{"code":503,"headers":[{"key":"x-request-id","value":"1"}],"url":"http://a/b?x=1","protocol":"HTTP/1.1"}}',
  '{"type":"RESPONSE","http":{"code":null,"method":null,"url":"http://a/"}}',
  '{"type":"RESPONSE","http":{"code":503,"method":"GET","url":"http:\\/\\/svc\\/api\\/\\u0078?q=1"}}',
  '{"type":"RESPONSE","dns":{"query":"a.example.","query":"b.example.","rcode":3}}',
  '{"type":"RESPONSE","dns":{"ips":["10.0.0.1"],"ttl":30,"query":"a.example.","rcode":0,"qtypes":["A"]}}',
  '{"type":"RESPONSE","dns":{"query":"a.example.","rcode":"3"}}',
  '{"type":"RESPONSE","dns":{}, "http":{}}',
];

/** Each line once as it is and once with one field changed in each way that matters to the encoder. */
function variants(line: string): string[] {
  const record = JSON.parse(line) as Json;
  const flow = record.flow as Json;
  const text = JSON.stringify(record);
  const flowText = JSON.stringify(flow);
  const withFlow = (changes: Json, top: Json = {}) => JSON.stringify({ ...record, ...top, flow: { ...flow, ...changes } });
  const out = [text, flowText];
  for (const l4 of L4) out.push(text.replace(/"l4":\{"(TCP|UDP)":\{[^}]*(\{[^}]*\})?\}\}/, `"l4":${l4}`));
  for (const l7 of L7) out.push(withFlow({ l7 }));
  for (const l7 of L7_TEXTS) out.push(withFlow({ l7: 'L7' }).replace('"l7":"L7"', `"l7":${l7}`));
  // Bare flows (hubble observe -o json) with each l7, and an l7 beside a wrapped flow, which is no part of it.
  for (const l7 of L7) out.push(JSON.stringify({ ...flow, l7 }));
  for (const l7 of L7_TEXTS) out.push(JSON.stringify({ ...flow, l7: 'L7' }).replace('"l7":"L7"', `"l7":${l7}`));
  const beside = { http: { code: 500, method: 'PUT', url: 'http://beside/x' } };
  const dns = L7[0];
  out.push(JSON.stringify({ l7: beside, ...record, flow: { ...flow, l7: dns } }), JSON.stringify({ ...record, flow: { ...flow, l7: dns }, l7: beside }), withFlow({ l7: undefined }, { l7: beside }));
  out.push(
    withFlow({ time: null }),
    withFlow({ time: undefined }),
    withFlow({ time: undefined }, { time: 5 }),
    withFlow({}, { time: 5 }),
    withFlow({}, { node_name: null }),
    withFlow({ node_name: undefined }),
    withFlow({ node_name: null }),
    withFlow({ verdict: null }),
    withFlow({ verdict: 2 }),
    withFlow({ verdict: 'DROPPED', drop_reason: 133 }),
    withFlow({ verdict: 'DROPPED', drop_reason: 1334 }),
    withFlow({ verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENIED', drop_reason: 133 }),
    withFlow({ traffic_direction: 1, Type: 2, is_reply: null, reply: true }),
    withFlow({ source_names: ['a.example.'], destination_names: [] }),
    withFlow({ ingress_denied_by: [{ name: 'deny', namespace: 'shop' }], egress_allowed_by: [{ name: 'allow' }] }),
    withFlow({ egress_denied_by: [{ name: 'deny' }], ingress_allowed_by: [{ name: 'allow', namespace: 'shop' }], egress_allowed_by: [] }),
    withFlow({ ingress_denied_by: [{ name: 'deny', namespace: 'shop' }], egress_allowed_by: 'allow' }),
    withFlow({ ingress_allowed_by: null, destination_names: null, source_service: null }),
    withFlow({ source_names: 'a.example.' }),
    withFlow({ destination_names: ['', 'b.example.'], source_service: { name: 'cart', namespace: 'shop' }, destination_service: { namespace: 'shop' } }),
    withFlow({ destination_service: { name: 5 } }),
    text.replace(/"time":"([^"]*)"/, '"time":"$1\\u0000"'),
    text.replace(/"time":"2/, '"time":"\\u0032'),
    text.replace(/"time":"2/, '"time":"２'),
    text.replace(/"time":"2026/, '"time":"2026x'),
    text.replace(/"drop_reason":133/, '"drop_reason":133.0'),
    text.replace(/"drop_reason":133/, '"drop_reason":1.33e2'),
  );
  return out;
}

let dir = '';
let lines: string[] = [];
let variety: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-templates-'));
  const corpus = await writeDemoCorpus({ out: path.join(dir, 'logs'), flows: 3_000, seed: 5, compress: false });
  const corpusLines = corpus.files.flatMap((file) => fs.readFileSync(file, 'utf8').split('\n')).filter((line) => line !== '');
  lines = corpusLines.slice(0, 400).flatMap(variants);
  variety = varietyLines(path.join(dir, 'variety'), 8_000, 4);
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('rows from line templates', () => {
  it('equal the full parse for every l4, l7, time, node and enum variant, the first time and when the shapes repeat', () => {
    const raw = { fileId: 4, bytes: Buffer.from(lines.join('\n') + '\n'), offset: 0, firstLine: 1 };
    const { time, offset, length, ids, ...full } = parseBatch(raw, { path: 'full' });
    const bytesOf = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    for (let round = 0; round < 2; round++) {
      const before = templateRows();
      const fast = parseBatch(raw);
      expect(bytesOf(fast.time).equals(bytesOf(time))).toBe(true);
      expect(bytesOf(fast.offset).equals(bytesOf(offset))).toBe(true);
      expect(bytesOf(fast.length).equals(bytesOf(length))).toBe(true);
      expect(bytesOf(fast.ids).equals(bytesOf(ids))).toBe(true);
      const { time: _t, offset: _o, length: _l, ids: _i, ...rest } = fast;
      expect(rest).toStrictEqual(full);
      // Most variants are plain flows: the templates, not flowFacts, must have written them.
      expect(templateRows() - before).toBeGreaterThan(full.count * 0.7);
    }
    expect(full.bad.length).toBeGreaterThan(1000);
  }, 120_000);

  it('equal the full parse on the lines of a churning cluster, where endpoint and address pairs rarely repeat', () => {
    const raw = { fileId: 6, bytes: Buffer.from(variety.join('\n') + '\n'), offset: 0, firstLine: 1 };
    const { time, offset, length, ids, ...full } = parseBatch(raw, { path: 'full' });
    const bytesOf = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    for (let round = 0; round < 2; round++) {
      const before = templateRows();
      const fast = parseBatch(raw);
      expect(bytesOf(fast.time).equals(bytesOf(time))).toBe(true);
      expect(bytesOf(fast.offset).equals(bytesOf(offset))).toBe(true);
      expect(bytesOf(fast.length).equals(bytesOf(length))).toBe(true);
      expect(bytesOf(fast.ids).equals(bytesOf(ids))).toBe(true);
      const { time: _t, offset: _o, length: _l, ids: _i, ...rest } = fast;
      expect(rest).toStrictEqual(full);
      // Every plain flow line is written from a template and its parts.
      expect(templateRows() - before).toBe(full.count);
    }
    expect(full.count).toBe(8_000);
    expect(full.bad.length).toBeGreaterThan(5);
  }, 120_000);
});
