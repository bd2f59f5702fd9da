import { readFileSync } from 'node:fs'
import { createConnection, createServer, type Server } from 'node:net'

import { pause } from './abort.js'

/** The kernel's range for outgoing connections' source ports (Linux's default when it cannot be read). */
function ephemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number)
    if (lo !== undefined && hi !== undefined && Number.isInteger(lo) && Number.isInteger(hi) && lo <= hi)
      return [lo, hi]
  } catch {
    // not Linux, or /proc not mounted
  }
  return [32768, 60999]
}

/** Above the well-known services (5432, 2379, 8008, ...), below the ephemeral range where it leaves room. */
const FIRST_PORT = 10000
/** Where this process looks next: each process starts elsewhere (by its PID) and walks on, never handing a port twice. */
let cursor: number | undefined

/**
 * `count` distinct free TCP ports on 127.0.0.1, outside the range the kernel hands out as source ports of outgoing
 * connections: a port taken from that range (listen on port 0) can be taken again by any client's connection in the
 * moment between choosing it and the server binding it, and a busy machine running the tests makes many. Each is
 * checked free by binding it, and all are held together while choosing.
 */
export async function freePorts(count: number): Promise<number[]> {
  const [lo, hi] = ephemeralRange()
  const candidates: [number, number][] = [
    [FIRST_PORT, lo - 1],
    [hi + 1, 65535],
  ].filter(([a, b]) => (b ?? 0) - (a ?? 0) > 1000) as [number, number][]
  const span = candidates.reduce((n, [a, b]) => n + b - a + 1, 0)
  // no room outside the ephemeral range: the kernel's choice, as before
  if (span < 4 * count) return kernelPorts(count)
  const at = (i: number): number => {
    let k = ((i % span) + span) % span
    for (const [a, b] of candidates) {
      if (k <= b - a) return a + k
      k -= b - a + 1
    }
    return FIRST_PORT
  }
  cursor ??= (process.pid * 7919) % span
  const servers: Server[] = []
  try {
    const ports: number[] = []
    for (let tries = 0; ports.length < count && tries < span; tries++) {
      const port = at(cursor)
      cursor += 1
      const server = createServer()
      const bound = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false))
        server.listen(port, '127.0.0.1', () => resolve(true))
      })
      if (!bound) continue
      servers.push(server)
      ports.push(port)
    }
    if (ports.length < count) throw new Error('could not find free ports on 127.0.0.1')
    return ports
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
  }
}

/** Ports the kernel chooses (listen on port 0), held together so none is handed out twice. */
async function kernelPorts(count: number): Promise<number[]> {
  const servers: Server[] = []
  try {
    const ports: number[] = []
    for (let i = 0; i < count; i++) {
      const server = createServer()
      servers.push(server)
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(0, '127.0.0.1', () => resolve())
      })
      const address = server.address()
      if (address === null || typeof address === 'string') throw new Error('could not allocate a port')
      ports.push(address.port)
    }
    return ports
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
  }
}

/**
 * Resolves once something accepts TCP connections on 127.0.0.1:`port`; rejects after `timeoutMs`, on abort, or when
 * `check` throws (the process that should listen has died).
 */
export async function waitForPort(
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
  check?: () => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    check?.()
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.destroy()
        resolve(true)
      })
      s.on('error', () => resolve(false))
    })
    if (ok) return
    await pause(100, signal)
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs / 1000}s`)
}

/** Whether something already holds 127.0.0.1:`port` (a bind fails). */
export async function portTaken(port: number): Promise<boolean> {
  const server = createServer()
  return new Promise((resolve) => {
    server.once('error', () => resolve(true))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)))
  })
}
