import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The child's page: built from src/web into dist/web, served by the app at / with assets under
 * /assets/. Everything is bundled: no CDN, no external fonts, and nothing inline (the page's CSP
 * forbids inline scripts and styles).
 */
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./src/web'),
  base: '/',
  publicDir: false,
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // A data: URL would still pass the CSP, but separate files cache better and keep HTML small.
    assetsInlineLimit: 0,
    // No modulepreload polyfill: it would be inlined into the HTML, which the CSP blocks.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
