import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.e2e.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // One hook after another, in the order written (Vitest's default, relied on): a file's own
    // beforeAll runs once useApp's has opened the app and browsers, its afterAll before they close.
    sequence: { hooks: 'stack' },
  },
});
