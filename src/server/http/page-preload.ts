import fs from 'node:fs';
import path from 'node:path';
import { firstRequests } from '../../shared/first-requests.ts';
import { PAGE_MODULES, viewPathOf } from '../../shared/page-modules.ts';

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

/** A preload of the answer the page will fetch (same URL and credentials as its fetch, so the fetch takes it). */
function dataLinkTo(request: string): string {
  return `<link rel="preload" as="fetch" crossorigin href="./${request.replaceAll('&', '&amp;')}">`;
}

/**
 * Preload links for a page, from its link (`/flows?verdict=DROPPED`): its own code beyond what
 * index.html already loads, from the build's manifest (relative, like Vite's own, so the
 * `<base href>` places them under any prefix), then the API answers it asks for first
 * (src/shared/first-requests.ts), so the server computes them while the code loads. Without a
 * manifest (an older build), only the answers.
 */
export function pagePreloads(staticDir: string): (url: string) => string {
  const file = path.join(staticDir, '.vite', 'manifest.json');
  const manifest = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest) : {};
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  const loaded = entry ? filesOf(manifest, entry) : new Set<string>();
  const codeLinks = new Map<string, string[]>();
  for (const [view, module] of Object.entries(PAGE_MODULES)) {
    codeLinks.set(view, [...filesOf(manifest, module)].filter((name) => !loaded.has(name)).map(linkTo));
  }
  return (url) => {
    const view = viewPathOf(url);
    const code = (view && codeLinks.get(view)) || [];
    return [...code, ...firstRequests(url).map(dataLinkTo)].join('\n    ');
  };
}

/** index.html with the page's preload links at the end of its head. */
export function withPreloads(indexHtml: string, links: string): string {
  return links === '' ? indexHtml : indexHtml.replace(/<\/head>/i, `  ${links}\n  </head>`);
}
