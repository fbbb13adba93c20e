import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The operators' analytics page: built from src/admin into dist/admin, served by the app at
 * /admin/ with assets under /admin/assets/. Chart.js is bundled: no CDN, and nothing inline (the
 * page's CSP forbids inline scripts and styles).
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./src/admin'),
  base: '/admin/',
  publicDir: false,
  build: {
    outDir: here('./dist/admin'),
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    // No modulepreload polyfill: it would be inlined into the HTML, which the CSP blocks.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
