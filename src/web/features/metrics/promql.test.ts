import { describe, expect, it } from 'vitest';
import { hubbleScope, podsOfWorkloadRegex, regexEscape, retinaScope, selector, stringLiteral, withWorkloadLabel, workloadOfPod } from './promql.ts';
import { syntaxErrors } from './test-support.ts';

describe('PromQL building', () => {
  it('finds syntax errors the way the editor would', () => {
    expect(syntaxErrors('sum(rate(x[1m])')).toBeGreaterThan(0);
    expect(syntaxErrors('x{a="b}')).toBeGreaterThan(0);
  });

  it('quotes values so quotes, backslashes and line breaks cannot end the string', () => {
    expect(stringLiteral('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    const query = selector('hubble_drop_total', [{ label: 'source', op: '=', value: 'shop"} or up{x="' }]);
    expect(query).toBe('hubble_drop_total{source="shop\\"} or up{x=\\""}');
    expect(syntaxErrors(query)).toBe(0);
  });

  it('escapes regex characters so a namespace matches only itself', () => {
    expect(regexEscape('a.b*c')).toBe('a\\.b\\*c');
    const [matcher] = hubbleScope({ namespace: 'team.a', workload: null, pod: null }, 'source');
    expect(matcher).toEqual({ label: 'source', op: '=~', value: 'team\\.a/.+' });
    const text = selector('hubble_flows_processed_total', matcher ? [matcher] : []);
    // In PromQL source the regex backslash itself is escaped once more.
    expect(text).toBe('hubble_flows_processed_total{source=~"team\\\\.a/.+"}');
    const regex = new RegExp(`^(?:${matcher?.value})$`);
    expect(regex.test('team.a/web-0')).toBe(true);
    expect(regex.test('teamXa/web-0')).toBe(false);
  });

  it('narrows to the pod, else the workload, else the namespace, else the whole cluster', () => {
    expect(hubbleScope({ namespace: null, workload: 'cart', pod: null }, 'source')).toEqual([]);
    expect(hubbleScope({ namespace: 'shop', workload: 'cart', pod: 'cart-prnzb699n-wrb7d' }, 'destination')).toEqual([
      { label: 'destination', op: '=', value: 'shop/cart-prnzb699n-wrb7d' },
    ]);
    expect(retinaScope({ namespace: 'shop', workload: 'cart', pod: null }, 'source')).toEqual([
      { label: 'source_namespace', op: '=', value: 'shop' },
      { label: 'source_workload_name', op: '=', value: 'cart' },
    ]);
  });

  it("matches a workload's pods of every controller shape, and not a longer-named neighbour's", () => {
    const pods = new RegExp(`^(?:${podsOfWorkloadRegex('shop', 'cart')})$`);
    expect(pods.test('shop/cart-prnzb699n-wrb7d')).toBe(true);
    expect(pods.test('shop/cart-0')).toBe(true);
    expect(pods.test('shop/cart-x7k2p')).toBe(true);
    expect(pods.test('shop/cart-api-7d9f8c6b5-x7k2p')).toBe(false);
    expect(pods.test('other/cart-0')).toBe(false);
  });

  it('recovers the workload from a pod name as the label_replace chain does', () => {
    expect(workloadOfPod('catalog-w7w6b9xqc-scbnt')).toBe('catalog');
    expect(workloadOfPod('postgres-1')).toBe('postgres');
    expect(workloadOfPod('cilium-x7k2p')).toBe('cilium');
    // A name is ambiguous when a DaemonSet's own name ends in a 5–10 character word: the Deployment reading wins.
    expect(workloadOfPod('node-agent-x7k2p')).toBe('node');
    expect(workloadOfPod('standalone')).toBe('standalone');
    const expr = withWorkloadLabel('rate(hubble_flows_processed_total[1m])', 'source');
    expect(syntaxErrors(expr)).toBe(0);
    // The last (outermost) replacement is the most specific shape, so it wins when it matches.
    expect(expr.startsWith('label_replace(label_replace(label_replace(')).toBe(true);
    expect(expr.endsWith('"[^/]+/(.+)-[a-z0-9]{5,10}-[a-z0-9]{5}")')).toBe(true);
  });
});
