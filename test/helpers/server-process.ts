import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'

import { waitForPort } from '../../src/sandbox/ports.js'
import { trackProcess } from './leftovers.js'

export interface ServerProcess {
  readonly endpoint: string
  readonly port: number
  stop(): Promise<void>
}

/**
 * Runs a server as a child of the test process, waits until it listens on `port`, and stops exactly that PID,
 * removing its data directory. It is recorded as soon as it starts, so a start that times out, a failed test or a
 * dead worker does not leave it running (leftovers.ts).
 */
export async function startServer(
  command: string,
  args: readonly string[],
  port: number,
  dataDir: string,
  timeoutMs: number,
): Promise<ServerProcess> {
  const child = spawn(command, [...args], { stdio: 'ignore' })
  const forget = trackProcess(child.pid)
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    rmSync(dataDir, { recursive: true, force: true })
    forget()
  }
  try {
    await waitForPort(port, timeoutMs)
  } catch (e) {
    await stop()
    throw e
  }
  return { endpoint: `127.0.0.1:${port}`, port, stop }
}
