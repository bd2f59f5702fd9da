import { defineConfig } from 'vitest/config'

/**
 * The packaged executable (scripts/test.sh: `npm run package`, installed from the .deb into a fresh root): the
 * `packaged` project runs the parity and package tests and the read path and actions once more with it in place of
 * bin/run.js. The other projects always run bin/run.js (PTCTL_BIN emptied), whatever the caller's environment.
 */
const packaged = process.env['PTCTL_PACKAGED']

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
          env: { TZ: 'UTC', PTCTL_BIN: '' },
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
          env: { TZ: 'UTC', PTCTL_BIN: '' },
        },
      },
      ...(packaged !== undefined
        ? [
            {
              extends: true,
              test: {
                name: 'packaged',
                include: ['test/packaged/**/*.test.ts', 'test/e2e/read-path.test.ts', 'test/e2e/actions.test.ts'],
                testTimeout: 300_000,
                hookTimeout: 300_000,
                env: { TZ: 'UTC', PTCTL_BIN: packaged, PTCTL_DEB: process.env['PTCTL_DEB'] ?? '' },
              },
            },
          ]
        : []),
    ],
  },
})
