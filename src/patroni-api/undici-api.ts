import { readFileSync } from 'node:fs'

import { Agent, request } from 'undici'

import type { RestApiSettings } from '../config/types.js'
import { AgentUnreachableError, PatroniApiError, UsageError } from '../errors.js'
import type {
  AgentAnswer,
  AgentRef,
  HealthEndpoint,
  PatroniApi,
  PatroniStatus,
  RestartBody,
  SwitchoverBody,
} from './api.js'

function readTlsFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path)
  } catch (e) {
    throw new UsageError(`Cannot read REST API ${what} ${path}: ${(e as Error).message}`)
  }
}

/** The endpoint URL: the member's api_url with its path replaced, as patronictl builds it. */
export function endpointUrl(apiUrl: string, path: string): string {
  const url = new URL(apiUrl)
  url.pathname = path
  url.search = ''
  return url.toString()
}

export interface RequestOptions {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  readonly path: string
  readonly body?: unknown
  /** for calls the server answers slowly on purpose (switchover blocks ~20 s) */
  readonly timeoutMs?: number
}

export interface AgentResponse {
  readonly status: number
  readonly text: string
}

/** PatroniApi over undici, with Basic auth, TLS and a deadline on every request. */
export class UndiciPatroniApi implements PatroniApi {
  private readonly dispatcher: Agent
  private readonly authHeader: string | undefined

  constructor(
    settings: RestApiSettings,
    private readonly timeoutMs: number,
  ) {
    const { tls, credentials } = settings
    // as patronictl: with a client certificate, "insecure" only skips the hostname check
    const verify = !tls.insecure || tls.certFile !== undefined
    this.dispatcher = new Agent({
      connect: {
        timeout: timeoutMs,
        rejectUnauthorized: verify,
        ...(tls.insecure && tls.certFile !== undefined ? { checkServerIdentity: () => undefined } : {}),
        ...(tls.caFile ? { ca: readTlsFile(tls.caFile, 'CA file') } : {}),
        ...(tls.certFile ? { cert: readTlsFile(tls.certFile, 'client certificate') } : {}),
        ...(tls.keyFile ? { key: readTlsFile(tls.keyFile, 'client key') } : {}),
        ...(tls.keyPassword ? { passphrase: tls.keyPassword } : {}),
      },
      keepAliveTimeout: 1000,
    })
    this.authHeader = credentials
      ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
      : undefined
  }

  /** One request; answers of any status are returned, transport failures throw AgentUnreachableError. */
  async send(agent: AgentRef, options: RequestOptions): Promise<AgentResponse> {
    const url = endpointUrl(agent.apiUrl, options.path)
    const timeout = options.timeoutMs ?? this.timeoutMs
    const headers: Record<string, string> = { 'user-agent': 'ptctl' }
    if (this.authHeader) headers['authorization'] = this.authHeader
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    try {
      const res = await request(url, {
        method: options.method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        dispatcher: this.dispatcher,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal: AbortSignal.timeout(timeout + 500),
      })
      return { status: res.statusCode, text: await res.body.text() }
    } catch (e) {
      const err = e as Error & { code?: string; cause?: { code?: string; message?: string } }
      const reason = err.cause?.code ?? err.code ?? err.name
      const detail =
        err.name === 'TimeoutError' || /timeout/i.test(reason)
          ? `no answer within ${timeout / 1000}s`
          : `${reason}: ${err.cause?.message ?? err.message}`
      throw new AgentUnreachableError(agent.name, url, detail)
    }
  }

  private async json<T>(agent: AgentRef, options: RequestOptions): Promise<T> {
    const res = await this.send(agent, options)
    if (res.status < 200 || res.status > 299) throw new PatroniApiError(agent.name, res.status, res.text.trim())
    try {
      return JSON.parse(res.text) as T
    } catch {
      throw new PatroniApiError(agent.name, res.status, `not JSON: ${res.text.slice(0, 80)}`)
    }
  }

  /** 2xx answers come back; anything else is a PatroniApiError carrying Patroni's own text. */
  private async action(agent: AgentRef, options: RequestOptions): Promise<AgentAnswer> {
    const res = await this.send(agent, options)
    if (res.status < 200 || res.status > 299) throw new PatroniApiError(agent.name, res.status, res.text.trim())
    return { status: res.status, text: res.text.trim() }
  }

  status(agent: AgentRef): Promise<PatroniStatus> {
    return this.json<PatroniStatus>(agent, { method: 'GET', path: '/patroni' })
  }

  async probe(agent: AgentRef, endpoint: HealthEndpoint): Promise<number> {
    return (await this.send(agent, { method: 'GET', path: endpoint })).status
  }

  cluster(agent: AgentRef): Promise<Readonly<Record<string, unknown>>> {
    return this.json<Record<string, unknown>>(agent, { method: 'GET', path: '/cluster' })
  }

  // Patroni polls for up to 2 × max(10, loop_wait) seconds before answering a switchover or failover
  private slowTimeout(): number {
    return Math.max(this.timeoutMs, 45_000)
  }

  switchover(agent: AgentRef, body: SwitchoverBody): Promise<AgentAnswer> {
    return this.action(agent, { method: 'POST', path: '/switchover', body, timeoutMs: this.slowTimeout() })
  }

  failover(agent: AgentRef, body: SwitchoverBody): Promise<AgentAnswer> {
    return this.action(agent, { method: 'POST', path: '/failover', body, timeoutMs: this.slowTimeout() })
  }

  cancelSwitchover(agent: AgentRef): Promise<AgentAnswer> {
    return this.action(agent, { method: 'DELETE', path: '/switchover' })
  }

  restart(agent: AgentRef, body: RestartBody): Promise<AgentAnswer> {
    // a restart answers when PostgreSQL is back up, which may take longer than a plain call
    return this.action(agent, { method: 'POST', path: '/restart', body, timeoutMs: Math.max(this.timeoutMs, 120_000) })
  }

  cancelRestart(agent: AgentRef): Promise<AgentAnswer> {
    return this.action(agent, { method: 'DELETE', path: '/restart' })
  }

  reload(agent: AgentRef): Promise<AgentAnswer> {
    return this.action(agent, { method: 'POST', path: '/reload' })
  }

  reinitialize(agent: AgentRef, body: { force: boolean; from_leader?: boolean }): Promise<AgentAnswer> {
    return this.action(agent, {
      method: 'POST',
      path: '/reinitialize',
      body,
      timeoutMs: Math.max(this.timeoutMs, 30_000),
    })
  }

  patchConfig(agent: AgentRef, patch: Readonly<Record<string, unknown>>): Promise<AgentAnswer> {
    return this.action(agent, { method: 'PATCH', path: '/config', body: patch })
  }

  async close(): Promise<void> {
    await this.dispatcher.close()
  }
}
