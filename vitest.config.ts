import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    disableConsoleIntercept: true,
    // what a test file starts or creates is removed when it ends, or by a watchdog if its worker dies
    setupFiles: ['test/helpers/cleanup-after-file.ts'],
    // local times (scheduled switchovers, timestamps) are asserted in UTC whatever the machine's zone
    env: { TZ: 'UTC' },
    // files run in parallel on 2 cores; each server file starts its own servers (an etcd, a sandbox cluster)
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/commands/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        // every test's own waits (a settling cluster 90 s, a rebuild 120 s) stay inside these limits
        test: {
          name: 'servers',
          include: ['test/contract/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
