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
        test: {
          name: 'unit',
          include: [
            'src/**/*.spec.ts',
            'web/src/**/*.spec.ts',
            'test/fakes/**/*.spec.ts',
            'test/architecture/**/*.spec.ts',
          ],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.spec.ts', 'test/e2e/**/*.e2e.spec.ts'],
          // Cluster-only suites run in the redis-cluster project.
          exclude: ['test/e2e/redis-cluster/**'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Two cores: more workers only make the timing-sensitive tests flaky.
          maxWorkers: 2,
        },
      },
      {
        test: {
          // The suites whose writes need transactions and locks (refresh rotation, the settings version
          // bump, usage, dictionary storage, the per-user limits' advisory locks), with the app's database
          // behind PgBouncer in transaction mode.
          name: 'pgbouncer',
          include: [
            'test/e2e/auth/**/*.e2e.spec.ts',
            'test/e2e/settings/**/*.e2e.spec.ts',
            'test/e2e/dictionary/**/*.e2e.spec.ts',
            'test/e2e/correction/**/*.e2e.spec.ts',
            'test/e2e/languagetool/per-user-limits.e2e.spec.ts',
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
          // The Redis-backed suites on a password-protected Redis Cluster of 3 masters and 3 replicas
          // (scripts/ensure-redis-cluster.sh): cache, rate limiting, sessions, settings, corrections, admin.
          name: 'redis-cluster',
          include: [
            'test/integration/cache/read-through.int.spec.ts',
            'test/integration/cache/l1-bus.int.spec.ts',
            'test/integration/cache/get-many.int.spec.ts',
            'test/integration/rate-limit/rate-limit-stores.int.spec.ts',
            'test/integration/correction/usage-write-behind.int.spec.ts',
            'test/e2e/auth/auth.e2e.spec.ts',
            'test/e2e/auth/auth-instances.e2e.spec.ts',
            'test/e2e/auth/session-tombstone.e2e.spec.ts',
            'test/e2e/settings/**/*.e2e.spec.ts',
            'test/e2e/correction/correction-cache.e2e.spec.ts',
            'test/e2e/correction/correction-quota-usage.e2e.spec.ts',
            'test/e2e/admin/cache-flush.e2e.spec.ts',
            'test/e2e/admin/cache-stats.e2e.spec.ts',
            'test/e2e/redis-cluster/**/*.e2e.spec.ts',
          ],
          env: {
            TEST_REDIS_CLUSTER_NODES: '127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103',
            TEST_REDIS_PASSWORD: 'pp-cluster-test-password',
          },
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
