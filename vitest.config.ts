import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    disableConsoleIntercept: true,
    // local times (scheduled switchovers, timestamps) are asserted in UTC whatever the machine's zone
    env: { TZ: 'UTC' },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // e2e suites share one sandbox cluster per file; files run in parallel on 2 cores
    fileParallelism: true,
    maxWorkers: 2,
  },
})
