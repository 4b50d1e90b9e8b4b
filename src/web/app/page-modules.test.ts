/** @vitest-environment happy-dom */
import { matchRoutes, type RouteObject } from 'react-router';
import { describe, expect, it } from 'vitest';
import { PAGE_MODULES, pageModuleOf } from '../../shared/page-modules.ts';
import { routes } from './App.tsx';

/** What a route's lazy() gives: the page's component. */
async function componentOf(route: RouteObject): Promise<unknown> {
  if (typeof route.lazy !== 'function') return undefined;
  const loaded = (await route.lazy()) as { Component?: unknown };
  return loaded.Component;
}

describe('the pages the server preloads', () => {
  it('are the modules the router loads for the same paths', async () => {
    for (const [path, module] of Object.entries(PAGE_MODULES)) {
      const leaf = matchRoutes(routes, path)?.at(-1)?.route;
      expect(leaf, path).toBeDefined();
      const component = await componentOf(leaf!);
      expect(component, `${path}: the router loads no page lazily here; update PAGE_MODULES (src/shared/page-modules.ts)`).toBeDefined();
      const exported = (await import(`../../../${module}`)) as Record<string, unknown>;
      expect(Object.values(exported), `${path}: the router loads another module than ${module}`).toContain(component);
    }
  }, 120_000);

  it('cover every page the router loads lazily', () => {
    const lazyPaths = (routes[0]!.children ?? []).filter((route) => route.lazy).map((route) => `/${route.path}`);
    expect(lazyPaths.length).toBeGreaterThan(5);
    for (const path of lazyPaths) expect(pageModuleOf(path), `${path} has no entry in PAGE_MODULES (src/shared/page-modules.ts)`).not.toBeNull();
  });

  it('take / as the router does: the Dashboard, or Flows for an old Flows link with a query', () => {
    expect(pageModuleOf('/')).toBe(PAGE_MODULES['/dashboard']);
    expect(pageModuleOf('/?verdict=DROPPED')).toBe(PAGE_MODULES['/flows']);
  });
});
