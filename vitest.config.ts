import { defineConfig } from 'vitest/config';

// `*.pglite.int.test.ts` / `*.postgres.int.test.ts` hold what applies to one engine only (the PGlite
// directory lock, row locks between processes); every other integration test runs on both.
const intInclude = ['apps/server/src/**/*.int.test.ts'];
const onlyPglite = '**/*.pglite.int.test.ts';
const onlyPostgres = '**/*.postgres.int.test.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'int-pglite',
          include: intInclude,
          exclude: ['**/node_modules/**', onlyPostgres],
          env: { ANZHI_TEST_DB: 'pglite' },
          globalSetup: ['apps/server/src/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'int-postgres',
          include: intInclude,
          exclude: ['**/node_modules/**', onlyPglite],
          env: { ANZHI_TEST_DB: 'postgres' },
          globalSetup: ['apps/server/src/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['e2e/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
