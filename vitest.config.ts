import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  // `import … from 'perceptio/nn'` in tests and README examples resolves to the sources
  resolve: {
    alias: [
      { find: /^perceptio$/, replacement: src + 'index.ts' },
      { find: /^perceptio\/(.*)$/, replacement: src + '$1/index.ts' },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
