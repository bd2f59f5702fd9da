// A throwaway etcd (Debian etcd-server) on free loopback ports for the scale benchmark; stopped by its PID.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { etcdCommand } from '../dist/sandbox/dcs-servers.js'
import { freePorts } from '../dist/sandbox/ports.js'

export async function startEtcd() {
  const [port, peer] = await freePorts(2)
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-bench-etcd-'))
  const { command, args } = etcdCommand(join(dir, 'data'), port, peer)
  const child = spawn(command, args, { stdio: 'ignore' })
  for (let i = 0; i < 150; i++) {
    const ok = await new Promise((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)))
      s.on('error', () => resolve(false))
    })
    if (ok) break
    await new Promise((r) => setTimeout(r, 100))
  }
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
