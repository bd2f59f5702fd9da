import { Agent, request } from 'undici'

import type { DcsSettings } from '../config/types.js'
import { DcsUnreachableError, DcsWriteUnknownError } from '../errors.js'
import { describeFailure } from '../http-failure.js'
import { readRegularFile } from '../input-files.js'

/**
 * A long poll (a watch): the server sends its headers at once and its body when something changes, which may take up
 * to `waitMs`. `signal` ends the poll (the caller's window is over, or the watch was stopped): send() then rethrows.
 */
export interface LongPoll {
  readonly waitMs: number
  readonly signal: AbortSignal
}

export interface HttpAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly text: string
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
        ...(tls.caFile ? { ca: readRegularFile(tls.caFile, `${kind} CA certificate`) } : {}),
        ...(tls.certFile ? { cert: readRegularFile(tls.certFile, `${kind} client certificate`) } : {}),
        ...(tls.keyFile ? { key: readRegularFile(tls.keyFile, `${kind} client key`) } : {}),
        ...(tls.keyPassword ? { passphrase: tls.keyPassword } : {}),
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
    poll?: LongPoll,
    o: { only?: 'preferred' } = {},
  ): Promise<HttpAnswer> {
    const failures: string[] = []
    const tries = o.only === 'preferred' ? 1 : this.bases.length
    for (let i = 0; i < tries; i++) {
      const index = (this.preferred + i) % this.bases.length
      const base = this.bases[index] ?? ''
      try {
        const res = await request(base + path, {
          method,
          headers: { ...this.headers, ...(contentType ? { 'content-type': contentType } : {}) },
          ...(body !== undefined ? { body } : {}),
          dispatcher: this.dispatcher,
          // a long poll gets its headers at once (a dead server still fails within the timeout), its body later
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs + (poll?.waitMs ?? 0),
          signal: poll ? poll.signal : AbortSignal.timeout(this.timeoutMs + 250),
        })
        const text = await res.body.text()
        this.preferred = index
        return { status: res.statusCode, headers: res.headers, text }
      } catch (e) {
        if (poll?.signal.aborted) throw e
        const failure = describeFailure(e, this.timeoutMs)
        failures.push(`${base}: ${failure.reason}`)
        // a change that may have reached the server is not sent again elsewhere: its outcome is unknown
        if (method !== 'GET' && failure.maybeReceived)
          throw new DcsWriteUnknownError(
            `Cannot ${what} ${this.kind} (${failures.join('; ')}): it may have been applied; check with 'ptctl list' or 'ptctl show-config' before trying again`,
          )
      }
    }
    throw new DcsUnreachableError(`Cannot ${what} ${this.kind} (${failures.join('; ')})`)
  }

  /** `GET path` on every endpoint on its own, each within the timeout (doctor): who answers, how fast, what */
  async eachBase(
    path: string,
  ): Promise<{ base: string; ms?: number; status?: number; text?: string; error?: string }[]> {
    return Promise.all(
      this.bases.map(async (base) => {
        const started = performance.now()
        try {
          const res = await request(base + path, {
            method: 'GET',
            headers: this.headers,
            dispatcher: this.dispatcher,
            headersTimeout: this.timeoutMs,
            bodyTimeout: this.timeoutMs,
            signal: AbortSignal.timeout(this.timeoutMs + 250),
          })
          const text = await res.body.text()
          return { base, ms: Math.round(performance.now() - started), status: res.statusCode, text }
        } catch (e) {
          return { base, error: describeFailure(e, this.timeoutMs).reason }
        }
      }),
    )
  }

  /** the endpoint requests start with (the one that answered last) */
  get preferredBase(): string {
    return this.bases[this.preferred] ?? ''
  }

  /** the endpoint that answered last could not confirm it is current: the next request starts with the next one */
  avoidPreferred(): void {
    this.preferred = (this.preferred + 1) % this.bases.length
  }

  async close(): Promise<void> {
    await this.dispatcher.close()
  }
}
