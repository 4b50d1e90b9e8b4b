import { RE2JS as Engine } from 're2js';
import { describe, expect, it } from 'vitest';
import { loadRegexEngine, RE2JS } from './re2js-later.ts';

describe("the web app's re2js, loaded after the first view", () => {
  it('quotes a path as RE2 itself does, before the engine has loaded', () => {
    for (const text of ['/api/v1.0/items?x=1', '\\.+*?()|[]{}^$', '/a b/ü/$1', '']) expect(RE2JS.quote(text)).toBe(Engine.quote(text));
  });

  it('takes a pattern read before the engine as written, then checks and matches with it', async () => {
    const early = RE2JS.compile('^/api/(cart');
    expect(early.programSize()).toBe(0);
    const unchecked = RE2JS.compile('^/api/v[0-9]+/');
    await loadRegexEngine();
    expect(unchecked.test('/api/v2/cart')).toBe(true);
    expect(unchecked.test('/health')).toBe(false);
    expect(() => RE2JS.compile('^/api/(cart')).toThrow(/missing closing \)/);
    expect(RE2JS.compile('a{2,3}').programSize()).toBe(Engine.compile('a{2,3}').programSize());
  });
});
