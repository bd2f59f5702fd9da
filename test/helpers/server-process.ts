import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'

import { waitForPort } from '../../src/sandbox/ports.js'

export interface ServerProcess {
  readonly endpoint: string
  readonly port: number
  stop(): Promise<void>
}

/**
 * Runs a server as a child of the test process (so it is reaped), waits until it listens on `port`, and stops
 * exactly that PID, removing its data directory.
 */
export async function startServer(
  command: string,
  args: readonly string[],
  port: number,
  dataDir: string,
  timeoutMs: number,
): Promise<ServerProcess> {
  const child = spawn(command, [...args], { stdio: 'ignore' })
  await waitForPort(port, timeoutMs)
  return {
    endpoint: `127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
