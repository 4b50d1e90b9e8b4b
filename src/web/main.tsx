import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { applyTheme, initialTheme } from './app/theme.ts';
import { applyPalette } from './theme/palette-css.ts';
import './index.css';

// Before the first paint, so a dark-theme user never sees a light flash.
applyTheme(initialTheme());
applyPalette();

const root = document.getElementById('root');
if (!root) throw new Error('index.html is missing <div id="root">');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
