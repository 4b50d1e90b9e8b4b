import fs from 'node:fs';
import path from 'node:path';
import { pageModuleOf, PAGE_MODULES } from '../../shared/page-modules.ts';

/** One entry of Vite's build manifest (dist/.vite/manifest.json). */
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  /** Manifest keys of the chunks this one imports statically. */
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** Every file a chunk needs before it runs: itself and its static imports, all the way down. */
function filesOf(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const css of chunk.css ?? []) into.add(css);
  for (const imported of chunk.imports ?? []) filesOf(manifest, imported, into);
  return into;
}

function linkTo(file: string): string {
  const href = `./${file}`;
  return file.endsWith('.css') ? `<link rel="stylesheet" crossorigin href="${href}">` : `<link rel="modulepreload" crossorigin href="${href}">`;
}

/**
 * Preload links for a page's own code, beyond what index.html already loads, from the build's
 * manifest: `pathname` → `<link rel="modulepreload" …>` tags (relative, like Vite's own, so the
 * `<base href>` places them under any prefix). Without a manifest (an older build), none.
 */
export function pagePreloads(staticDir: string): (pathname: string) => string {
  const file = path.join(staticDir, '.vite', 'manifest.json');
  if (!fs.existsSync(file)) return () => '';
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  const loaded = entry ? filesOf(manifest, entry) : new Set<string>();
  const links = new Map<string, string>();
  for (const module of new Set(Object.values(PAGE_MODULES))) {
    const files = [...filesOf(manifest, module)].filter((name) => !loaded.has(name));
    links.set(module, files.map(linkTo).join('\n    '));
  }
  return (pathname) => {
    const module = pageModuleOf(pathname);
    return (module && links.get(module)) || '';
  };
}

/** index.html with the page's preload links at the end of its head. */
export function withPreloads(indexHtml: string, links: string): string {
  return links === '' ? indexHtml : indexHtml.replace(/<\/head>/i, `  ${links}\n  </head>`);
}
