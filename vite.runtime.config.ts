import { defineConfig } from 'vite';

/**
 * The game runtime as ONE self-contained IIFE (dist/runtime/game.js): the app serves it to the
 * play page, and the download inlines it, so it must not split into chunks or load anything.
 */
export default defineConfig({
  publicDir: false,
  define: {
    // Library builds leave process.env alone; nothing in a browser may reach for it.
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  build: {
    outDir: 'dist/runtime',
    emptyOutDir: true,
    target: 'es2020',
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    copyPublicDir: false,
    lib: {
      entry: 'src/runtime/main.ts',
      formats: ['iife'],
      name: 'GameMakerRuntime',
      fileName: () => 'game.js',
    },
  },
});
