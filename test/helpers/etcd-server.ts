import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'

import { etcdCommand } from '../../src/sandbox/dcs-servers.js'
import { freePorts } from '../../src/sandbox/ports.js'
import type { TestCerts } from './certs.js'
import { startServer, type ServerProcess } from './server-process.js'
import { tempDir } from './leftovers.js'

export { waitForPort } from '../../src/sandbox/ports.js'

export type EtcdServer = ServerProcess

/** A real etcd (Debian etcd-server, v3 and v2 APIs) on free loopback ports, stopped by its PID. */
export async function startEtcd(tls?: TestCerts): Promise<EtcdServer> {
  const [port = 0, peer = 0] = await freePorts(2)
  const dir = tempDir('ptctl-etcd-')
  const { command, args } = etcdCommand(join(dir, 'data'), port, peer)
  // with TLS: HTTPS clients only, and a client certificate signed by the test CA is required
  const secured = tls
    ? [
        ...args.map((a) => a.replace(`http://127.0.0.1:${port}`, `https://127.0.0.1:${port}`)),
        `--cert-file=${tls.serverCert}`,
        `--key-file=${tls.serverKey}`,
        `--trusted-ca-file=${tls.ca}`,
        '--client-cert-auth=true',
      ]
    : args
  return startServer(command, secured, port, dir, 15_000)
}

/**
 * A real etcd cluster of `size` members on loopback (quorum survives losing one of three), each member stopped by its
 * own PID; `endpoints` in member order.
 */
export async function startEtcdCluster(size: number): Promise<EtcdServer[]> {
  const ports = await freePorts(2 * size)
  const names = Array.from({ length: size }, (_, i) => `m${i + 1}`)
  const peer = (i: number) => `http://127.0.0.1:${ports[2 * i + 1] ?? 0}`
  const initial = names.map((n, i) => `${n}=${peer(i)}`).join(',')
  return Promise.all(
    names.map((name, i) => {
      const port = ports[2 * i] ?? 0
      const dir = tempDir('ptctl-etcd-')
      const { command, args } = etcdCommand(join(dir, 'data'), port, ports[2 * i + 1] ?? 0)
      const clustered = args.map((a) =>
        a === '--name=sandbox'
          ? `--name=${name}`
          : a.startsWith('--initial-cluster=')
            ? `--initial-cluster=${initial}`
            : a,
      )
      return startServer(command, [...clustered, '--initial-cluster-token=ptctl-test'], port, dir, 30_000)
    }),
  )
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
