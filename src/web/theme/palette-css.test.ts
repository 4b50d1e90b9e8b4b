import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSS_ROLES } from './palette.ts';
import { paletteCss, roleProperty } from './palette-css.ts';

const webDir = path.join(import.meta.dirname, '..');
const indexCss = fs.readFileSync(path.join(webDir, 'index.css'), 'utf8');

describe('palette as CSS', () => {
  it('gives every role Tailwind knows a value, and Tailwind every role', () => {
    const declared = [...indexCss.matchAll(/--color-([a-z-]+):\s*var\((--palette-[a-z-]+)\)/g)].map(([, role, property]) => ({ role, property }));
    expect(declared.map((entry) => entry.role).sort()).toEqual(Object.keys(CSS_ROLES).sort());
    for (const entry of declared) expect(entry.property).toBe(roleProperty(entry.role ?? ''));
  });

  it('writes the light value on the page and the dark one under .dark', () => {
    const css = paletteCss();
    const [light, dark] = css.split('\n');
    expect(light).toMatch(/^:root \{/);
    expect(light).toContain(`--palette-dropped-ink: ${CSS_ROLES['dropped-ink'].light};`);
    expect(dark).toMatch(/^:root\.dark \{/);
    expect(dark).toContain(`--palette-dropped-ink: ${CSS_ROLES['dropped-ink'].dark};`);
  });

  it('leaves no colour spelled out in the stylesheets (ESLint keeps the TypeScript side so)', () => {
    const stylesheets = fs.readdirSync(webDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.css'));
    expect(stylesheets.length).toBeGreaterThan(0);
    for (const file of stylesheets) expect(fs.readFileSync(path.join(webDir, file), 'utf8')).not.toMatch(/#[0-9a-fA-F]{3,8}\b/);
  });
});
