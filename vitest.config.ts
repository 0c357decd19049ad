import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: run test files two at a time; the integration files use their own schemas and queues.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
