import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// The lab is built from the library's sources (as vitest resolves them), so no `npm run build`
// is needed first and the bundle tree-shakes per page.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: [
      { find: /^perceptio$/, replacement: src + 'index.ts' },
      { find: /^perceptio\/(.*)$/, replacement: src + '$1/index.ts' },
    ],
  },
  worker: { format: 'es' },
  // the same cross-origin isolation as `perceptio lab` (shared wasm memory in the workers)
  server: { headers: isolation },
  preview: { headers: isolation },
  build: {
    outDir: fileURLToPath(new URL('../dist-lab/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
});
