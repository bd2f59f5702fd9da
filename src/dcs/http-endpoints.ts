import { readFileSync } from 'node:fs'

import { Agent, request } from 'undici'

import type { DcsSettings } from '../config/types.js'
import { DcsUnreachableError, UsageError } from '../errors.js'

export interface HttpAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly text: string
}

function readTlsFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path)
  } catch (e) {
    throw new UsageError(`Cannot read DCS ${what} ${path}: ${(e as Error).message}`)
  }
}

function reason(e: unknown, timeoutMs: number): string {
  const err = e as Error & { code?: string; cause?: { code?: string } }
  const code = err.cause?.code ?? err.code ?? ''
  if (code === 'ECONNREFUSED') return 'connection refused'
  if (err.name === 'TimeoutError' || /TIMEOUT/i.test(code)) return `no answer within ${timeoutMs / 1000}s`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found'
  return code !== '' ? code : (err.message.split('\n')[0] ?? err.name)
}

/**
 * The HTTP DCS backends (etcd v2, Consul): one undici dispatcher, a deadline on every request, and the hosts tried in
 * turn while they cannot be reached (an HTTP answer, even an error, ends the search).
 */
export class HttpEndpoints {
  private readonly dispatcher: Agent
  private readonly bases: string[]
  private preferred = 0

  constructor(
    readonly kind: string,
    settings: DcsSettings,
    private readonly timeoutMs: number,
    private readonly headers: Record<string, string> = {},
  ) {
    const { tls } = settings
    this.bases = settings.hosts.map((h) => `${settings.protocol}://${h}`)
    this.dispatcher = new Agent({
      connect: {
        timeout: timeoutMs,
        rejectUnauthorized: !tls.insecure,
        ...(tls.caFile ? { ca: readTlsFile(tls.caFile, 'CA certificate') } : {}),
        ...(tls.certFile ? { cert: readTlsFile(tls.certFile, 'client certificate') } : {}),
        ...(tls.keyFile ? { key: readTlsFile(tls.keyFile, 'client key') } : {}),
      },
      keepAliveTimeout: 1000,
    })
  }

  get description(): string {
    return `${this.kind} ${this.bases.join(',')}`
  }

  async send(
    what: string,
    method: 'GET' | 'PUT' | 'DELETE',
    path: string,
    body?: string,
    contentType?: string,
  ): Promise<HttpAnswer> {
    const failures: string[] = []
    for (let i = 0; i < this.bases.length; i++) {
      const index = (this.preferred + i) % this.bases.length
      const base = this.bases[index] ?? ''
      try {
        const res = await request(base + path, {
          method,
          headers: { ...this.headers, ...(contentType ? { 'content-type': contentType } : {}) },
          ...(body !== undefined ? { body } : {}),
          dispatcher: this.dispatcher,
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
          signal: AbortSignal.timeout(this.timeoutMs + 250),
        })
        const text = await res.body.text()
        this.preferred = index
        return { status: res.statusCode, headers: res.headers, text }
      } catch (e) {
        failures.push(`${base}: ${reason(e, this.timeoutMs)}`)
      }
    }
    throw new DcsUnreachableError(`Cannot ${what} ${this.kind} (${failures.join('; ')})`)
  }

  async close(): Promise<void> {
    await this.dispatcher.close()
  }
}
