import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

interface Entry {
  value: Buffer
  createIndex: number
  modifyIndex: number
}

/**
 * A FAKE Consul KV server (no Consul package exists for these machines), honouring the documented semantics ptctl
 * relies on: GET /v1/kv/<key>[?recurse] with base64 values, ModifyIndex and X-Consul-Index, 404 for a missing key or
 * an empty prefix, PUT with ?cas=<index> answering true/false (cas=0 creates only if absent), DELETE [?recurse], and
 * the X-Consul-Token header checked against an ACL token when one is set (403 otherwise), and blocking queries:
 * `?index=N&wait=Ds` holds the answer until the index passes N or the wait is over (the index here is the store's,
 * which Consul's documentation allows: an answer may come without a change under the prefix).
 */
export class FakeConsul {
  private readonly kv = new Map<string, Entry>()
  private index = 1
  /** blocking queries waiting for the index to move: `check` answers them if it did, `done` in any case */
  private readonly waiting = new Set<{ check(): void; done(): void }>()
  readonly requests: string[] = []
  private server?: Server
  port = 0

  constructor(private readonly aclToken?: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    const address = this.server.address()
    this.port = typeof address === 'object' && address ? address.port : 0
  }

  async stop(): Promise<void> {
    for (const w of [...this.waiting]) w.done()
    this.server?.closeAllConnections()
    await new Promise((r) => this.server?.close(r))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x')
    this.requests.push(`${req.method} ${url.pathname}${url.search}`)
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks)
    if (this.aclToken !== undefined && req.headers['x-consul-token'] !== this.aclToken) {
      res.writeHead(403).end('Permission denied')
      return
    }
    if (!url.pathname.startsWith('/v1/kv/')) {
      res.writeHead(404).end()
      return
    }
    const key = decodeURIComponent(url.pathname.slice('/v1/kv/'.length))
    const recurse = url.searchParams.has('recurse')
    const blockOn = url.searchParams.get('index')
    if (req.method === 'GET' && blockOn !== null && Number(blockOn) >= this.index)
      await this.block(Number(blockOn), this.waitMs(url.searchParams.get('wait')))
    res.setHeader('X-Consul-Index', String(this.index))
    switch (req.method) {
      case 'GET': {
        const keys = [...this.kv.keys()].filter((k) => (recurse ? k.startsWith(key) : k === key)).sort()
        if (keys.length === 0) {
          res.writeHead(404).end()
          return
        }
        const entries = keys.map((k) => {
          const e = this.kv.get(k) as Entry
          return {
            Key: k,
            Flags: 0,
            Value: e.value.length === 0 ? null : e.value.toString('base64'),
            CreateIndex: e.createIndex,
            ModifyIndex: e.modifyIndex,
            LockIndex: 0,
          }
        })
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(entries))
        return
      }
      case 'PUT': {
        const cas = url.searchParams.get('cas')
        const existing = this.kv.get(key)
        if (cas !== null) {
          const expected = Number(cas)
          const ok = expected === 0 ? existing === undefined : existing?.modifyIndex === expected
          if (!ok) {
            res.writeHead(200).end('false')
            return
          }
        }
        this.index++
        this.kv.set(key, { value: body, createIndex: existing?.createIndex ?? this.index, modifyIndex: this.index })
        this.wakeWaiting()
        res.writeHead(200).end('true')
        return
      }
      case 'DELETE': {
        for (const k of [...this.kv.keys()]) if (recurse ? k.startsWith(key) : k === key) this.kv.delete(k)
        this.index++
        this.wakeWaiting()
        res.writeHead(200).end('true')
        return
      }
      default:
        res.writeHead(405).end()
    }
  }

  /** `wait=15s` (Consul's default 5 minutes, at most 10) */
  private waitMs(wait: string | null): number {
    const m = /^(\d+)(ms|s|m)?$/.exec(wait ?? '')
    if (!m) return 300_000
    const n = Number(m[1])
    return Math.min(600_000, m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000)
  }

  private block(index: number, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waiter = {
        check: () => {
          if (this.index > index) waiter.done()
        },
        done: () => {
          clearTimeout(timer)
          this.waiting.delete(waiter)
          resolve()
        },
      }
      const timer = setTimeout(waiter.done, ms)
      this.waiting.add(waiter)
    })
  }

  private wakeWaiting(): void {
    for (const w of [...this.waiting]) w.check()
  }
}
