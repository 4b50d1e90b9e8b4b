import { describe, expect, it } from 'vitest';
import { applySuggestion, contextAt, keySuggestions, staticValues, suggestionsFor, valueSuggestions, type SuggestContext } from './suggest.ts';

const values = (list: Array<{ value: string }>) => list.map((s) => s.value);

describe('contextAt', () => {
  it('is a key with an empty prefix on an empty text or after a space', () => {
    expect(contextAt('', 0)).toEqual({ kind: 'key', prefix: '', start: 0, end: 0 });
    expect(contextAt('verdict=DROPPED ', 16)).toEqual({ kind: 'key', prefix: '', start: 16, end: 16 });
  });

  it('is a key while the term has no = before the caret', () => {
    expect(contextAt('verdict=DROPPED from-na', 23)).toEqual({ kind: 'key', prefix: 'from-na', start: 16, end: 23 });
    expect(contextAt('verdict=DROPPED', 4)).toEqual({ kind: 'key', prefix: 'verd', start: 0, end: 15 });
  });

  it('is a value after key= or key!=, with the key as typed', () => {
    expect(contextAt('from-namespace=sh', 17)).toEqual({ kind: 'value', key: 'from-namespace', negate: false, prefix: 'sh', start: 0, end: 17 });
    expect(contextAt('x=1 verdict!=DR', 15)).toMatchObject({ kind: 'value', key: 'verdict', negate: true, prefix: 'DR' });
  });

  it('reads a quoted value prefix and keeps a quoted space inside one term', () => {
    expect(contextAt('http-path="/a b', 15)).toMatchObject({ kind: 'value', key: 'http-path', prefix: '/a b', start: 0, end: 15 });
  });

  it('offers nothing for a value of an unknown key', () => {
    expect(contextAt('nope=x', 6)).toBeNull();
    expect(suggestionsFor(null, ['a'])).toEqual([]);
  });
});

describe('key suggestions', () => {
  it('lists keys starting with the prefix, then the side forms containing it, with help', () => {
    const list = keySuggestions('namesp');
    expect(values(list)).toEqual(['namespace', 'from-namespace', 'to-namespace']);
    expect(list[1]?.detail).toBe('source side: Kubernetes namespace, exact');
  });

  it('lists every key for an empty prefix', () => {
    expect(values(keySuggestions(''))).toContain('drop-reason-desc');
    expect(keySuggestions('zzz')).toEqual([]);
  });
});

describe('value suggestions', () => {
  it('offers the enum vocabularies for keys the index does not suggest', () => {
    expect(staticValues('verdict')).toEqual(['FORWARDED', 'DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED', 'TRACED', 'TRANSLATED']);
    expect(staticValues('traffic-direction')).toEqual(['ingress', 'egress']);
    expect(staticValues('error')).toEqual(['any', 'drop', 'http_5xx', 'http_4xx', 'dns', 'kafka']);
    expect(staticValues('protocol')).toContain('dns');
    expect(staticValues('type')).toEqual(expect.arrayContaining(['drop', 'l7', 'policy-verdict', 'trace:to-endpoint']));
    expect(staticValues('namespace')).toEqual([]);
  });

  it('matches static values case-insensitively by prefix, then adds index values without repeats', () => {
    expect(values(valueSuggestions('verdict', 'd', ['DROPPED']))).toEqual(['DROPPED']);
    expect(values(valueSuggestions('from-namespace', 'sho', ['shop', 'kube-system', 'webshop']))).toEqual(['shop', 'webshop']);
  });
});

describe('applySuggestion', () => {
  const apply = (text: string, caret: number, kind: 'key' | 'value', value: string) => {
    const context = contextAt(text, caret) as SuggestContext;
    return applySuggestion(text, context, { kind, value, detail: '' });
  };

  it('completes a key and leaves the caret after =', () => {
    expect(apply('verdict=DROPPED from-na', 23, 'key', 'from-namespace')).toEqual({ text: 'verdict=DROPPED from-namespace=', caret: 31 });
  });

  it('renames a key in place, keeping its operator and value', () => {
    expect(apply('namespace!=shop', 4, 'key', 'to-namespace')).toEqual({ text: 'to-namespace!=shop', caret: 14 });
  });

  it('completes a value, keeps negation, and moves past the term', () => {
    expect(apply('verdict!=DR', 11, 'value', 'DROPPED')).toEqual({ text: 'verdict!=DROPPED ', caret: 17 });
  });

  it('replaces the whole value of a term in the middle of the text', () => {
    expect(apply('namespace=sh verdict=DROPPED', 12, 'value', 'shop')).toEqual({ text: 'namespace=shop verdict=DROPPED', caret: 15 });
  });

  it('quotes a value holding a space', () => {
    expect(apply('http-path=/a', 12, 'value', '/a b')).toEqual({ text: 'http-path="/a b" ', caret: 17 });
  });
});
