import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));
const testDir = fileURLToPath(new URL('./test/', import.meta.url));

const shared = {
  // Nest's DI reads `design:paramtypes`: Vite's oxc transform emits legacy decorators with metadata.
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  resolve: {
    alias: [
      { find: /^#src\/(.*)\.js$/, replacement: `${src}$1.ts` },
      // Test doubles shared by unit specs in src/ and the suites in test/ (they never ship in dist/).
      { find: /^#test\/(.*)\.js$/, replacement: `${testDir}$1.ts` },
    ],
  },
};

export default defineConfig({
  ...shared,
  test: {
    reporters: ['default'],
    projects: [
      {
        test: { name: 'unit', include: ['src/**/*.spec.ts', 'test/fakes/**/*.spec.ts'], testTimeout: 10_000 },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.spec.ts', 'test/e2e/**/*.e2e.spec.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Two cores: more workers only make the timing-sensitive tests flaky.
          maxWorkers: 2,
        },
      },
      {
        test: {
          // The suites whose writes need transactions and row locks (refresh rotation, the settings version
          // bump, usage, dictionary storage), with the app's database behind PgBouncer in transaction mode.
          name: 'pgbouncer',
          include: [
            'test/e2e/auth/**/*.e2e.spec.ts',
            'test/e2e/settings/**/*.e2e.spec.ts',
            'test/e2e/dictionary/**/*.e2e.spec.ts',
            'test/e2e/correction/**/*.e2e.spec.ts',
          ],
          env: { TEST_DATABASE_POOLER_URL: 'postgresql://postgres@127.0.0.1:6432/postgres' },
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.spec.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time beside the integration project on two cores.
          maxWorkers: 1,
        },
      },
    ],
  },
});
