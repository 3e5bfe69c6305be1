import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'adapters/**/*.test.ts'],
    globalSetup: ['test/support/pglite-snapshot.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // On PostgreSQL the files of one worker share its module cache instead of importing everything
    // again per file (about a second each, 126 files): the suite takes 171–192 s instead of 247 s on
    // 2 cores; each file still opens its own schema and servers and closes them. On the embedded
    // database files stay isolated: sharing modules there left some uploads waiting forever.
    isolate: !process.env.DATABASE_URL,
    reporters: ['default'],
  },
});
