import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { appBasePath } from './api/base-url.ts';
import { afterFirstAnswers, prefetchFirstAnswers } from './app/first-answers.ts';
import { App, createAppRouter, firstPageLoaded } from './app/App.tsx';
import { createQueryClient } from './app/query-client.ts';
import { loadRegexEngine } from './app/re2js-later.ts';
import { applyTheme, initialTheme } from './app/theme.ts';
import { applyPalette } from './theme/palette-css.ts';
import './index.css';

/** Past this, the layout and a spinner show while the page's code is still on its way. */
const FIRST_PAGE_WAIT_MS = 1000;
/**
 * How long after its answers the first view is left to draw them (the graph's first picture, the
 * table's rows) before code it does not need is loaded: answers preloaded with index.html are in
 * before the page has drawn anything.
 */
const FIRST_VIEW_DRAW_MS = 1000;

/** Resolves `ms` later, once the browser has nothing else to do (at most a second more). */
const settled = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(() => ('requestIdleCallback' in window ? requestIdleCallback(() => resolve(), { timeout: 1000 }) : resolve()), ms));

// Before the first paint, so a dark-theme user never sees a light flash.
applyTheme(initialTheme());
applyPalette();

const root = document.getElementById('root');
if (!root) throw new Error('index.html is missing <div id="root">');
const queryClient = createQueryClient();
// The page's path below the app's base path (`/portal/net/flows` → `/flows`), as the server read it.
prefetchFirstAnswers(queryClient, `${location.pathname.slice(appBasePath().length - 1)}${location.search}`);
const router = createAppRouter();
void firstPageLoaded(router, FIRST_PAGE_WAIT_MS).then(() => {
  createRoot(root).render(
    <StrictMode>
      <App queryClient={queryClient} router={router} />
    </StrictMode>,
  );
  // The filter bar's RE2 engine once the first view has its answers and has drawn them (app/re2js-later.ts).
  void afterFirstAnswers(queryClient)
    .then(() => settled(FIRST_VIEW_DRAW_MS))
    .then(loadRegexEngine);
});
