import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { zookeeperCommand } from '../../src/sandbox/dcs-servers.js'
import { freePorts } from '../../src/sandbox/ports.js'
import { waitForPort } from './etcd-server.js'

/** A real ZooKeeper 3.8 (Debian) on a free loopback port, stopped by its PID. */
export async function startZooKeeper(): Promise<{ endpoint: string; port: number; stop(): Promise<void> }> {
  const [port = 0] = await freePorts(1)
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-zk-'))
  const { command, args } = zookeeperCommand(dir, port)
  const child = spawn(command, args, { stdio: 'ignore' })
  await waitForPort(port, 60_000)
  return {
    endpoint: `127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
