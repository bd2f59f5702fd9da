// A throwaway etcd (Debian etcd-server) on free loopback ports for the scale benchmark; stopped by its PID.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { etcdCommand } from '../dist/sandbox/dcs-servers.js'
import { freePorts, waitForPort } from '../dist/sandbox/ports.js'

export async function startEtcd() {
  const [port, peer] = await freePorts(2)
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-bench-etcd-'))
  const { command, args } = etcdCommand(join(dir, 'data'), port, peer)
  const child = spawn(command, args, { stdio: 'ignore' })
  await waitForPort(port, 15_000)
  return {
    port,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
