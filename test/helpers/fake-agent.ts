import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface AgentRequest {
  readonly method: string
  readonly path: string
  readonly body: unknown
  readonly authorization?: string
}

/** What a fake agent does with one request. */
export type AgentBehaviour =
  | { readonly status: number; readonly text: string; readonly delayMs?: number }
  /** accept the request and never answer */
  | { readonly hang: true }
  /** write raw bytes (not HTTP) and close */
  | { readonly raw: string }

/** The answer a Patroni 3.0.2 agent gives, as api.py words it. */
export function patroniAnswer(name: string, r: AgentRequest): AgentBehaviour {
  const candidate = (r.body as { candidate?: string } | undefined)?.candidate
  switch (`${r.method} ${r.path}`) {
    case 'GET /patroni':
      return {
        status: 200,
        text: JSON.stringify({
          state: 'running',
          role: 'replica',
          server_version: 150018,
          patroni: { version: '3.0.2', scope: 'batman', name },
        }),
      }
    case 'POST /switchover':
      return { status: 200, text: `Successfully switched over to "${candidate ?? 'someone'}"` }
    case 'POST /failover':
      return { status: 200, text: `Successfully failed over to "${candidate ?? 'someone'}"` }
    case 'POST /restart':
      return { status: 200, text: 'restarted successfully' }
    case 'POST /reload':
      return { status: 202, text: 'reload scheduled' }
    case 'POST /reinitialize':
      return { status: 200, text: 'reinitialize started' }
    case 'PATCH /config':
      return { status: 200, text: JSON.stringify(r.body ?? {}) }
    case 'DELETE /restart':
      return { status: 404, text: 'no restarts are scheduled' }
    case 'DELETE /switchover':
      return { status: 404, text: 'no switchover is scheduled' }
    default:
      return { status: 200, text: '{}' }
  }
}

export interface FakeAgent {
  readonly name: string
  readonly port: number
  readonly apiUrl: string
  readonly requests: AgentRequest[]
  behave(fn: (r: AgentRequest) => AgentBehaviour): void
  stop(): Promise<void>
}

/**
 * An HTTP server on 127.0.0.1 that answers like a Patroni agent's REST API (or as told: errors, HTML, garbage,
 * silence), recording every request. For cases no real agent can be made to show.
 */
export async function startFakeAgent(name: string): Promise<FakeAgent> {
  const requests: AgentRequest[] = []
  const sockets = new Set<Socket>()
  let behaviour: (r: AgentRequest) => AgentBehaviour = (r) => patroniAnswer(name, r)
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown
      try {
        body = text === '' ? undefined : (JSON.parse(text) as unknown)
      } catch {
        body = text
      }
      const r: AgentRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0] ?? '/',
        body,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      }
      requests.push(r)
      const b = behaviour(r)
      if ('hang' in b) return
      if ('raw' in b) {
        req.socket.end(b.raw)
        return
      }
      setTimeout(() => {
        res.writeHead(b.status, { 'content-type': 'text/plain' })
        res.end(b.text)
      }, b.delayMs ?? 0)
    })
  })
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    name,
    port,
    apiUrl: `http://127.0.0.1:${port}/patroni`,
    requests,
    behave: (fn) => {
      behaviour = fn
    },
    stop: async () => {
      for (const s of sockets) s.destroy()
      await new Promise((r) => server.close(r))
    },
  }
}
