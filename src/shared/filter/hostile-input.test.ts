import { describe, expect, it } from 'vitest';
import { compileFilter } from './compile.ts';
import { compileLabelSelector } from './label-selector.ts';
import { dnsNameMatcher, globMatcher, nodeNameMatcher } from './patterns.ts';
import { compileRegex } from './regex.ts';
import { formatFilterText, parseFilterText } from './text.ts';
import { filterFromParams } from './url.ts';

/**
 * Input built to make a matcher backtrack or loop: each answers in a time linear in its input.
 * Backtracking on these takes minutes to forever, so generous bounds still tell linear from
 * exponential — generous enough for a two-core machine at a load of 20, where the linear parse of
 * 10,000 terms took just over a second.
 */
const BOUND_MS = 5000;

function timed<T>(work: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = work();
  return { result, ms: performance.now() - start };
}

describe('regular expressions run in linear time (RE2)', () => {
  it('nested quantifiers over a long near-match answer at once', () => {
    const text = `/${'a'.repeat(100_000)}!`;
    for (const pattern of ['/(a+)+$', '(a|aa)+$', '(.*a){20}$', '^(a|a?)+$', '^(\\w+\\s?)*$']) {
      const compiled = compileRegex(pattern);
      if (typeof compiled === 'string') throw new Error(compiled);
      const { result, ms } = timed(() => compiled.test(text));
      expect(result, pattern).toBe(false);
      expect(ms, pattern).toBeLessThan(BOUND_MS);
    }
  });

  it('a million-character value is searched at once', () => {
    const compiled = compileRegex('/post/\\d+$');
    if (typeof compiled === 'string') throw new Error(compiled);
    const { result, ms } = timed(() => compiled.test(`/post/${'1'.repeat(1_000_000)}x`));
    expect(result).toBe(false);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('deep parentheses and huge repeats are refused before they cost anything', () => {
    const deep = timed(() => compileRegex(`${'('.repeat(5000)}a${')'.repeat(5000)}`));
    expect(deep.result).toMatch(/too long/);
    expect(deep.ms).toBeLessThan(BOUND_MS);
    expect(compileRegex('.{1000}')).toMatch(/too complex/);
    expect(compileRegex('((a{100}){100}){100}')).toMatch(/invalid repeat count/);
  });
});

describe('* patterns are matched by hand in linear time', () => {
  it('many stars against a long value that almost matches', () => {
    const pattern = `${'*a'.repeat(2000)}*b`;
    const value = 'a'.repeat(10_000);
    for (const test of [globMatcher(pattern), dnsNameMatcher(pattern)]) {
      const { result, ms } = timed(() => test(value));
      expect(result).toBe(false);
      expect(ms).toBeLessThan(BOUND_MS);
    }
    const node = nodeNameMatcher(`${'*a'.repeat(2000)}*/${'*a'.repeat(2000)}*b`);
    if (typeof node === 'string') throw new Error(node);
    const { result, ms } = timed(() => node(`${'a'.repeat(10_000)}/${'a'.repeat(10_000)}`));
    expect(result).toBe(false);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('still match what they should', () => {
    expect(globMatcher('*a*b*c*')('xxaxxbxxcxx')).toBe(true);
    expect(globMatcher('*a*b*c*')('xxcxxbxxaxx')).toBe(false);
    expect(globMatcher('ab*ba')('aba')).toBe(false);
    expect(globMatcher('ab*ba')('abba')).toBe(true);
    expect(globMatcher('a**b')('ab')).toBe(true);
    expect(globMatcher('*')('')).toBe(true);
    expect(globMatcher('a.b')('aXb')).toBe(false);
  });
});

describe('label selectors', () => {
  it('10,000 requirements and 10,000-value sets are checked in linear time', () => {
    const labels = Array.from({ length: 50 }, (_, i) => `k8s:key${i}=value${i}`);
    const many = compileLabelSelector(Array.from({ length: 10_000 }, (_, i) => `key${i % 50}`).join(','));
    if (typeof many === 'string') throw new Error(many);
    expect(timed(() => many(labels)).ms).toBeLessThan(BOUND_MS);
    expect(many(labels)).toBe(true);
    const wide = compileLabelSelector(`key1 in (${Array.from({ length: 10_000 }, (_, i) => `v${i}`).join(',')})`);
    if (typeof wide === 'string') throw new Error(wide);
    expect(timed(() => wide(labels)).ms).toBeLessThan(BOUND_MS);
  });

  it('deep parentheses and long keys get a message, not a hang', () => {
    const { result, ms } = timed(() => compileLabelSelector(`app in ${'('.repeat(10_000)}a${')'.repeat(10_000)}`));
    expect(result).toMatch(/bad label/);
    expect(ms).toBeLessThan(BOUND_MS);
    const long = timed(() => compileLabelSelector(`${'a'.repeat(10_000)} ${' '.repeat(10_000)}x`));
    expect(long.result).toMatch(/bad label/);
    expect(long.ms).toBeLessThan(BOUND_MS);
  });
});

describe('the filter text parser and the URL reader', () => {
  it('10,000 terms, 10,000-character values and an unclosed quote', () => {
    const terms = Array.from({ length: 10_000 }, (_, i) => `namespace!=ns-${i}`).join(' ');
    const parsed = timed(() => parseFilterText(terms));
    expect(parsed.result.filter).toHaveLength(10_000);
    expect(parsed.ms).toBeLessThan(BOUND_MS * 2);
    const compiled = timed(() => compileFilter(parsed.result.filter, 0));
    // Negated values of one key are one term: NOT a AND NOT b is NOT (a OR b).
    expect('terms' in compiled.result && compiled.result.terms.map((term) => term.tests.length)).toEqual([10_000]);
    expect(compiled.ms).toBeLessThan(BOUND_MS);

    const value = `"${'x \\"'.repeat(2500)}"`;
    const long = timed(() => parseFilterText(`pod=${value}`));
    expect(long.result.filter[0]?.value).toHaveLength(7500);
    expect(parseFilterText(formatFilterText(long.result.filter)).filter).toEqual(long.result.filter);
    expect(long.ms).toBeLessThan(BOUND_MS);

    const open = timed(() => parseFilterText(`pod="${'a'.repeat(10_000)}`));
    expect(open.result.errors[0]?.message).toMatch(/closing "/);
    expect(open.ms).toBeLessThan(BOUND_MS);
  });

  it('10,000 query parameters are read and compiled once each; as many regular expressions as fit in a URL', () => {
    const params = new URLSearchParams();
    for (let i = 0; i < 10_000; i++) params.append('ip!', `10.0.${Math.floor(i / 256)}.${i % 256}`);
    const many = timed(() => {
      const { filter, errors } = filterFromParams(params);
      return { errors, compiled: compileFilter(filter, 0) };
    });
    expect(many.result.errors).toEqual([]);
    expect('terms' in many.result.compiled && many.result.compiled.terms.map((term) => term.tests.length)).toEqual([10_000]);
    expect(many.ms).toBeLessThan(BOUND_MS * 3);

    // The server refuses query strings over 8 KB: a few hundred short patterns fit.
    const patterns = new URLSearchParams();
    for (let i = 0; patterns.toString().length < 8 * 1024; i++) patterns.append('http-path', `/v${i}/(a+)+$`);
    const regexes = timed(() => compileFilter(filterFromParams(patterns).filter, 0));
    expect('terms' in regexes.result && regexes.result.terms[0]!.tests.length).toBeGreaterThan(200);
    expect(regexes.ms).toBeLessThan(BOUND_MS * 3);
  });
});
