import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { compression } from 'vite-plugin-compression2';

/** The web app's imports of re2js go to src/web/app/re2js-later.ts, which loads the package itself after the first view. */
function re2jsLater(): Plugin {
  const standIn = path.resolve('src/web/app/re2js-later.ts');
  return {
    name: 'flowlens:re2js-later',
    enforce: 'pre',
    resolveId: (source, importer) => (source === 're2js' && importer !== undefined && path.resolve(importer) !== standIn ? standIn : null),
  };
}

// Relative asset URLs so the built SPA works under any sub-path (`--base-path`, portal proxies).
export default defineConfig({
  base: './',
  plugins: [
    re2jsLater(),
    react(),
    tailwindcss(),
    // Brotli and gzip copies beside each asset, served by Accept-Encoding (src/server/http/spa.ts):
    // compressed once at build at the best ratio, not per request. index.html is written per
    // request (its <base href>), so the server compresses it.
    compression({ include: /\.(js|mjs|css|svg|json)$/, threshold: 1024, algorithms: ['brotliCompress', 'gzip'], logLevel: 'silent' }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks each page needs, so the server can preload them with
    // index.html (src/server/http/page-preload.ts).
    manifest: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // React and the router change less often than the app and every page needs them: one shared,
        // long-cached chunk. Everything else splits by dynamic import, so Cytoscape and its layouts
        // load with the graph route only and CodeMirror/PromQL with Explore only.
        codeSplitting: {
          // Vite's helper for dynamic imports goes with them: on its own it would be one more request for every first view.
          groups: [{ name: 'vendor', test: /node_modules[/\\](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[/\\]|vite\/preload-helper/, priority: 1 }],
          // Small shared chunks (a badge, a drawer, under 16 kB before minifying) go inside the chunks
          // that import them: Flows' first view asks for 8 files instead of 19, and a new user's first
          // rows come 10–20 % sooner in headless Chromium on two cores (npm run bench:web).
          experimentalInlineCommonChunks: { maxSize: 16 * 1024 },
        },
      },
    },
  },
  // Module workers, so that the graph layout worker loads ELK only when it lays out in layers.
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
