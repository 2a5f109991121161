import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'console/src/**/*.test.ts', 'console/e2e/**/*.test.ts'],
    globalSetup: ['src/test-support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Suites share the machine's PostgreSQL and Redis; each uses its own schema or key prefix.
    fileParallelism: true,
    reporters: ['default'],
  },
});
