/** @vitest-environment happy-dom */
import { afterEach, describe, expect, it } from 'vitest';
import { routerBasename } from '../app/App.tsx';
import { appBasePath } from './base-url.ts';

describe('app base path', () => {
  afterEach(() => document.head.querySelector('base')?.remove());

  it('is the root without a <base> element in development', () => {
    expect(appBasePath(document, null)).toBe('/');
    expect(routerBasename('/')).toBe('/');
  });

  it('follows a <base href> the server injected', () => {
    const base = document.createElement('base');
    base.setAttribute('href', '/portal/net/');
    document.head.append(base);
    expect(appBasePath(document, null)).toBe('/portal/net/');
    expect(routerBasename(appBasePath(document, null))).toBe('/portal/net');
  });

  it("falls back to the built bundle's own location", () => {
    expect(appBasePath(document, 'https://portal.example/portal/net/assets/index-abc.js')).toBe('/portal/net/');
    expect(appBasePath(document, 'http://127.0.0.1:8080/assets/index-abc.js')).toBe('/');
  });
});
