import { createServer, connect, type Server, type Socket } from 'node:net'

/**
 * A TCP proxy on 127.0.0.1 that passes the first `bytes` bytes from the server back to the client and then stalls
 * (keeps the connection open, sends nothing more): a server that starts answering and hangs half-way.
 */
export async function startStallProxy(target: number, bytes: number): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    sockets.add(client)
    const upstream = connect(target, '127.0.0.1')
    sockets.add(upstream)
    let passed = 0
    client.on('data', (chunk: Buffer) => upstream.write(chunk))
    upstream.on('data', (chunk: Buffer) => {
      const room = Math.max(0, bytes - passed)
      if (room > 0) client.write(chunk.subarray(0, room))
      passed += chunk.length
    })
    for (const s of [client, upstream]) s.on('error', () => undefined)
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
