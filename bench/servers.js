// Throwaway DCS servers (Debian etcd-server, zookeeper) on free loopback ports for the benchmarks; stopped by PID.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { etcdCommand, zookeeperCommand } from '../dist/sandbox/dcs-servers.js'
import { freePorts, waitForPort } from '../dist/sandbox/ports.js'

async function startServer(prefix, make, waitMs) {
  const [port, peer] = await freePorts(2)
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const { command, args } = make(dir, port, peer)
  const child = spawn(command, args, { stdio: 'ignore' })
  await waitForPort(port, waitMs)
  return {
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

export const startEtcd = () =>
  startServer('ptctl-bench-etcd-', (dir, port, peer) => etcdCommand(join(dir, 'data'), port, peer), 15_000)

export const startZooKeeper = () => startServer('ptctl-bench-zk-', (dir, port) => zookeeperCommand(dir, port), 90_000)

/** DcsSettings for a server these functions started (plain HTTP on loopback). */
export const loopbackSettings = (kind, port) => ({
  kind,
  hosts: [`127.0.0.1:${port}`],
  protocol: 'http',
  tls: { insecure: false },
  section: {},
})
