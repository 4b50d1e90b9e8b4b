import { CSS_ROLES, type PaletteTheme } from './palette.ts';

/** The custom property holding a role's colour; index.css maps `--color-<role>` (Tailwind's) onto it. */
export const roleProperty = (role: string): string => `--palette-${role}`;

/** The roles as custom properties on <html>: light values, and dark ones under its `dark` class. */
export function paletteCss(): string {
  const properties = (theme: PaletteTheme) =>
    Object.entries(CSS_ROLES)
      .map(([role, colors]) => `${roleProperty(role)}: ${colors[theme]};`)
      .join(' ');
  return `:root { ${properties('light')} }\n:root.dark { ${properties('dark')} }`;
}

/**
 * Before the first paint: the page's stylesheet takes its role colours from here. A constructed
 * stylesheet, as CodeMirror's, which the server's `style-src 'self'` allows (an inline <style> it would not).
 */
export function applyPalette(doc: Document = document): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(paletteCss());
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
