import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'examples/**/*.test.ts'],
    // Property tests run hundreds of cases; on two shared cores they can take several seconds.
    testTimeout: 60_000,
  },
});
