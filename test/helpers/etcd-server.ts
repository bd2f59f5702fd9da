import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { freePorts } from '../../src/sandbox/ports.js'

export interface EtcdServer {
  readonly endpoint: string
  readonly port: number
  stop(): Promise<void>
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.destroy()
        resolve(true)
      })
      s.on('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`etcd did not listen on ${port} within ${timeoutMs} ms`)
}

/** A real etcd (Debian etcd-server) on a free loopback port, stopped by its PID. */
export async function startEtcd(extraArgs: string[] = []): Promise<EtcdServer> {
  const [port = 0, peer = 0] = await freePorts(2)
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-etcd-'))
  const child: ChildProcess = spawn(
    '/usr/bin/etcd',
    [
      '--name=test',
      `--data-dir=${join(dir, 'data')}`,
      `--listen-client-urls=http://127.0.0.1:${port}`,
      `--advertise-client-urls=http://127.0.0.1:${port}`,
      `--listen-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-cluster=test=http://127.0.0.1:${peer}`,
      ...extraArgs,
    ],
    { stdio: 'ignore' },
  )
  await waitForPort(port, 15_000)
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

/** A TCP port that accepts connections and never answers: what a hung or black-holed DCS looks like. */
export async function startBlackHole(): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    port,
    stop: async () => {
      for (const s of sockets) s.destroy()
      await new Promise((r) => server.close(r))
    },
  }
}

/** A loopback port with nothing listening. */
export async function closedPort(): Promise<number> {
  const [port = 1] = await freePorts(1)
  return port
}
