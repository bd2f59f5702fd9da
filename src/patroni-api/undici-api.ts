import { assertKeyOpens, TlsAlerts, tlsFailureWords } from './tls-failure.js'
import { Agent, request } from 'undici'

import type { RestApiSettings } from '../config/types.js'
import { AgentUnreachableError, PatroniApiError, UnrecognizedAnswerError } from '../errors.js'
import { readRegularFile } from '../input-files.js'
import { describeFailure } from '../http-failure.js'
import { redactUrl } from '../redact.js'
import type {
  AgentAnswer,
  AgentRef,
  AgentReadPath,
  HealthEndpoint,
  PatroniApi,
  PatroniStatus,
  ReadOptions,
  RestartBody,
  SwitchoverBody,
} from './api.js'
import {
  PLAIN_ANSWERS,
  readJsonObject,
  readReloadAnswer,
  readRestartAnswer,
  readSwitchoverAnswer,
  type SwitchoverAnswer,
} from './answers.js'

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
  /** a call Patroni answers only when the action is over (switchover, restart): the slow deadline applies */
  readonly slow?: boolean
  readonly signal?: AbortSignal
  readonly closeAfter?: boolean
}

export interface AgentResponse {
  readonly status: number
  readonly text: string
  readonly date?: string
  readonly sentAt?: number
  readonly receivedAt?: number
}

/** The deadlines of REST calls, in milliseconds. */
export interface CallDeadlines {
  /** every call */
  readonly callMs: number
  /**
   * calls Patroni answers when the action is over: switchover/failover (it polls up to 2 × max(10, loop_wait) s)
   * and restart (until PostgreSQL is up again). The same as callMs when the user gave --timeout.
   */
  readonly slowCallMs: number
}

/** PatroniApi over undici: Basic auth, TLS, a deadline on every call, and only Patroni's own answers accepted. */
/** Why a call was cut short by the run's own deadline (--timeout), not by the agent. */
const RUN_DEADLINE_PASSED = "cut short: the run's --timeout passed"
// a function, not an inline test: the signal is read again after the await, when it may have fired
const aborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true

export class UndiciPatroniApi implements PatroniApi {
  private readonly dispatcher: Agent
  private readonly authHeader: string | undefined
  private readonly alerts = new TlsAlerts()

  constructor(
    settings: RestApiSettings,
    private readonly deadlines: CallDeadlines,
    /** hears of every request that changes something, before it is sent */
    private readonly onSend: (what: string) => void = () => undefined,
  ) {
    const { tls, credentials } = settings
    // as patronictl: with a client certificate, "insecure" only skips the hostname check
    const verify = !tls.insecure || tls.certFile !== undefined
    const key = tls.keyFile ? readRegularFile(tls.keyFile, 'REST API client key') : undefined
    if (key !== undefined && tls.keyFile !== undefined) assertKeyOpens(key, tls.keyPassword, tls.keyFile)
    this.dispatcher = new Agent({
      connect: this.alerts.connector({
        timeout: deadlines.callMs,
        rejectUnauthorized: verify,
        ...(tls.insecure && tls.certFile !== undefined ? { checkServerIdentity: () => undefined } : {}),
        ...(tls.caFile ? { ca: readRegularFile(tls.caFile, 'REST API CA file') } : {}),
        ...(tls.certFile ? { cert: readRegularFile(tls.certFile, 'REST API client certificate') } : {}),
        ...(key !== undefined ? { key } : {}),
        ...(tls.keyPassword ? { passphrase: tls.keyPassword } : {}),
      }),
      keepAliveTimeout: 1000,
    })
    this.authHeader = credentials
      ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
      : undefined
  }

  /** One request; answers of any status are returned, transport failures throw AgentUnreachableError. */
  async send(agent: AgentRef, options: RequestOptions): Promise<AgentResponse> {
    const url = endpointUrl(agent.apiUrl, options.path)
    const timeout = options.slow === true ? this.deadlines.slowCallMs : this.deadlines.callMs
    const headers: Record<string, string> = { 'user-agent': 'ptctl' }
    if (this.authHeader) headers['authorization'] = this.authHeader
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    // the run's deadline already passed: nothing is sent (undici may still wait on a connection it had opened)
    if (aborted(options.signal)) throw new AgentUnreachableError(agent.name, redactUrl(url), RUN_DEADLINE_PASSED, false)
    if (options.method !== 'GET') this.onSend(`${options.method} ${options.path} to ${agent.name}`)
    const started = Date.now()
    try {
      const res = await request(url, {
        method: options.method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        dispatcher: this.dispatcher,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal: options.signal
          ? AbortSignal.any([options.signal, AbortSignal.timeout(timeout)])
          : AbortSignal.timeout(timeout),
        ...(options.closeAfter === true ? { reset: true } : {}),
      })
      const text = await res.body.text()
      const date = res.headers['date']
      return {
        status: res.statusCode,
        text,
        ...(typeof date === 'string' ? { date, sentAt: started, receivedAt: Date.now() } : {}),
      }
    } catch (e) {
      // the agent refused the handshake with an alert (undici only says the connection closed): nothing was handled
      const alert = this.alerts.since(new URL(url), started)
      const { reason, maybeReceived } =
        alert !== undefined
          ? { reason: tlsFailureWords(alert, alert) ?? alert, maybeReceived: false }
          : aborted(options.signal)
            ? { reason: RUN_DEADLINE_PASSED, maybeReceived: true }
            : describeFailure(e, timeout)
      throw new AgentUnreachableError(agent.name, redactUrl(url), reason, maybeReceived && options.method !== 'GET')
    }
  }

  /** A non-2xx answer is Patroni refusing (PatroniApiError); a 2xx answer must be Patroni's for this request. */
  private async expect<T>(
    agent: AgentRef,
    options: RequestOptions,
    read: (status: number, text: string) => T | undefined,
  ): Promise<T> {
    const res = await this.send(agent, options)
    if (res.status < 200 || res.status > 299) throw new PatroniApiError(agent.name, res.status, res.text.trim())
    const answer = read(res.status, res.text)
    if (answer === undefined) throw new UnrecognizedAnswerError(agent.name, res.status, res.text.trim())
    return answer
  }

  private plain(agent: AgentRef, options: RequestOptions, text: string): Promise<void> {
    return this.expect(agent, options, (status, body) =>
      status === 200 && body.trim() === text ? true : undefined,
    ).then(() => undefined)
  }

  status(agent: AgentRef, o: ReadOptions = {}): Promise<PatroniStatus> {
    return this.expect(agent, { method: 'GET', path: '/patroni', ...o }, (status, text) => {
      const json = readJsonObject(status, text)
      return json !== undefined && ('state' in json || 'patroni' in json) ? json : undefined
    })
  }

  async read(agent: AgentRef, path: AgentReadPath, o: ReadOptions = {}): Promise<AgentAnswer> {
    return this.send(agent, { method: 'GET', path, ...o })
  }

  async probe(agent: AgentRef, endpoint: HealthEndpoint, o: ReadOptions = {}): Promise<number> {
    return (await this.send(agent, { method: 'GET', path: endpoint, ...o })).status
  }

  switchover(agent: AgentRef, body: SwitchoverBody): Promise<SwitchoverAnswer> {
    return this.expect(agent, { method: 'POST', path: '/switchover', body, slow: true }, readSwitchoverAnswer)
  }

  failover(agent: AgentRef, body: SwitchoverBody): Promise<SwitchoverAnswer> {
    return this.expect(agent, { method: 'POST', path: '/failover', body, slow: true }, readSwitchoverAnswer)
  }

  cancelSwitchover(agent: AgentRef): Promise<void> {
    return this.plain(agent, { method: 'DELETE', path: '/switchover' }, PLAIN_ANSWERS.cancelSwitchover)
  }

  restart(agent: AgentRef, body: RestartBody): Promise<'restarted' | 'scheduled'> {
    return this.expect(agent, { method: 'POST', path: '/restart', body, slow: true }, readRestartAnswer)
  }

  cancelRestart(agent: AgentRef): Promise<void> {
    return this.plain(agent, { method: 'DELETE', path: '/restart' }, PLAIN_ANSWERS.cancelRestart)
  }

  reload(agent: AgentRef): Promise<'scheduled' | 'nothing-changed'> {
    return this.expect(agent, { method: 'POST', path: '/reload' }, readReloadAnswer)
  }

  reinitialize(agent: AgentRef, body: { force: boolean; from_leader?: boolean }): Promise<void> {
    return this.plain(agent, { method: 'POST', path: '/reinitialize', body }, PLAIN_ANSWERS.reinitialize)
  }

  patchConfig(agent: AgentRef, patch: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
    return this.expect(agent, { method: 'PATCH', path: '/config', body: patch }, readJsonObject)
  }

  async close(): Promise<void> {
    await this.dispatcher.close()
  }
}
