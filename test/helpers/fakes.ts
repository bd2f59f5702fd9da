import { topologyText } from '../../src/output/cluster-table.js'
import { generationOf } from '../../src/cluster/generation.js'
import { singleCluster } from '../../src/cluster/citus.js'
import { NATIVE_NEWEST } from '../../src/output/list-dialect.js'
import { PTCTL_CONDUCT, type Conduct } from '../../src/services/conduct.js'
import type { Clock } from '../../src/cli/context.js'
import type { ConfirmQuestion, InputQuestion, Prompter } from '../../src/cli/prompter.js'
import type { KvRecord, KvStore } from '../../src/dcs/kv-store.js'
import type { KvChange, KvWatchEvent, KvWatchOptions } from '../../src/dcs/kv-watch.js'
import { KvDcs } from '../../src/dcs/kv-dcs.js'
import {
  AgentUnreachableError,
  PatroniApiError,
  UnrecognizedAnswerError,
  VersionConflictError,
} from '../../src/errors.js'
import type { AgentRef, PatroniApi, PatroniStatus } from '../../src/patroni-api/api.js'
import {
  PLAIN_ANSWERS,
  readJsonObject,
  readReloadAnswer,
  readRestartAnswer,
  readSwitchoverAnswer,
} from '../../src/patroni-api/answers.js'
import type { ActionDeps } from '../../src/services/reporter.js'

/** In-memory KvStore for fast unit tests of service logic (the real adapters pass the contract suite). */
export class MemoryKvStore implements KvStore {
  readonly description = 'memory'
  private revision = 100
  readonly data = new Map<string, { value: string; version: string }>()
  readonly writes: string[] = []
  /** the watches open now: each hears every change under its prefix, in order (like etcd's) */
  private readonly watchers = new Set<{ prefix: string; onEvent: (event: KvWatchEvent) => void }>()
  /** how many watches are open: a test changes the store once the command under test is watching */
  get watchCount(): number {
    return this.watchers.size
  }

  constructor(records: readonly KvRecord[] = []) {
    for (const r of records) this.data.set(r.key, { value: r.value, version: r.version })
  }
  async list(prefix: string): Promise<KvRecord[]> {
    return [...this.data.entries()].filter(([k]) => k.startsWith(prefix)).map(([key, v]) => ({ key, ...v }))
  }
  async put(key: string, value: string, expectedVersion?: string): Promise<void> {
    if (expectedVersion !== undefined && this.data.get(key)?.version !== expectedVersion)
      throw new VersionConflictError(key)
    const version = String(++this.revision)
    this.data.set(key, { value, version })
    this.writes.push(key)
    this.notify([{ key, value, version }])
  }
  async deletePrefix(prefix: string): Promise<void> {
    const gone = [...this.data.keys()].filter((k) => k.startsWith(prefix))
    for (const k of gone) this.data.delete(k)
    this.writes.push(`delete ${prefix}`)
    this.notify(gone.map((key) => ({ key, value: undefined, version: String(++this.revision) })))
  }
  async watch(prefix: string, onEvent: (event: KvWatchEvent) => void, o: KvWatchOptions): Promise<void> {
    const watcher = { prefix, onEvent }
    onEvent({ kind: 'snapshot', records: await this.list(prefix), resync: false })
    this.watchers.add(watcher)
    await new Promise<void>((resolve) => {
      if (o.signal.aborted) resolve()
      o.signal.addEventListener('abort', () => resolve(), { once: true })
    })
    this.watchers.delete(watcher)
  }
  private notify(changes: KvChange[]): void {
    for (const w of this.watchers) {
      const mine = changes.filter((c) => c.key.startsWith(w.prefix))
      if (mine.length > 0) w.onEvent({ kind: 'changes', changes: mine })
    }
  }
  async close(): Promise<void> {}
}

export interface ApiCall {
  readonly method: string
  readonly member: string
  readonly body?: unknown
}

/** What an agent answers over HTTP (status and text); the fake turns it into the API's answer as the real one does. */
export interface FakeAnswer {
  readonly status: number
  readonly text: string
}

type Responder = (call: ApiCall) => FakeAnswer | Error

/** The text Patroni answers by default for each call. */
function patroniDefault(call: ApiCall): FakeAnswer {
  const candidate = (call.body as { candidate?: string } | undefined)?.candidate
  switch (call.method) {
    case 'POST /switchover':
      return { status: 200, text: `Successfully switched over to "${candidate ?? 'pg2'}"` }
    case 'POST /failover':
      return { status: 200, text: `Successfully failed over to "${candidate ?? 'pg2'}"` }
    case 'POST /restart':
      return { status: 200, text: 'restarted successfully' }
    case 'DELETE /restart':
      return { status: 200, text: 'scheduled restart deleted' }
    case 'DELETE /switchover':
      return { status: 200, text: 'scheduled switchover deleted' }
    case 'POST /reload':
      return { status: 202, text: 'reload scheduled' }
    case 'POST /reinitialize':
      return { status: 200, text: 'reinitialize started' }
    case 'PATCH /config':
      // Patroni answers the configuration it wrote; a null removes the key
      return { status: 200, text: JSON.stringify(call.body ?? {}, (_k, v: unknown) => (v === null ? undefined : v)) }
    default:
      return { status: 200, text: '{}' }
  }
}

/**
 * Records every REST call; answers what Patroni answers unless a responder says otherwise, read through the same
 * answer checks as the real client (a responder's HTML or garbage is an UnrecognizedAnswerError there too).
 */
export class RecordingApi implements PatroniApi {
  readonly calls: ApiCall[] = []
  constructor(
    private readonly respond: Responder = patroniDefault,
    /** GET /patroni of a member; a running Patroni 3.0.2 by default */
    private readonly statusOf: (member: string) => PatroniStatus = () => ({
      state: 'running',
      server_version: 150018,
      patroni: { version: '3.0.2' },
    }),
  ) {}
  private async answer<T>(
    method: string,
    agent: AgentRef,
    body: unknown,
    read: (status: number, text: string) => T | undefined,
  ): Promise<T> {
    const call = { method, member: agent.name, ...(body !== undefined ? { body } : {}) }
    this.calls.push(call)
    const r = this.respond(call)
    if (r instanceof Error) throw r
    if (r.status >= 300 || r.status < 200) throw new PatroniApiError(agent.name, r.status, r.text)
    const answer = read(r.status, r.text)
    if (answer === undefined) throw new UnrecognizedAnswerError(agent.name, r.status, r.text)
    return answer
  }
  private plain(method: string, agent: AgentRef, body: unknown, text: string): Promise<void> {
    return this.answer(method, agent, body, (s, t) => (s === 200 && t.trim() === text ? true : undefined)).then(
      () => undefined,
    )
  }
  async status(agent: AgentRef): Promise<PatroniStatus> {
    this.calls.push({ method: 'GET /patroni', member: agent.name })
    const r = this.respond({ method: 'GET /patroni', member: agent.name })
    if (r instanceof Error) throw r
    return this.statusOf(agent.name)
  }
  async read(agent: AgentRef, path: string): Promise<{ status: number; text: string }> {
    this.calls.push({ method: `GET ${path}`, member: agent.name })
    const r = this.respond({ method: `GET ${path}`, member: agent.name })
    if (r instanceof Error) throw r
    return path === '/patroni' ? { status: 200, text: JSON.stringify(this.statusOf(agent.name)) } : r
  }
  async probe(agent: AgentRef, endpoint: string): Promise<number> {
    this.calls.push({ method: `GET ${endpoint}`, member: agent.name })
    const r = this.respond({ method: `GET ${endpoint}`, member: agent.name })
    if (r instanceof Error) throw r
    return r.status
  }
  switchover = (a: AgentRef, b: unknown) => this.answer('POST /switchover', a, b, readSwitchoverAnswer)
  failover = (a: AgentRef, b: unknown) => this.answer('POST /failover', a, b, readSwitchoverAnswer)
  cancelSwitchover = (a: AgentRef) => this.plain('DELETE /switchover', a, undefined, PLAIN_ANSWERS.cancelSwitchover)
  restart = (a: AgentRef, b: unknown) => this.answer('POST /restart', a, b, readRestartAnswer)
  cancelRestart = (a: AgentRef) => this.plain('DELETE /restart', a, undefined, PLAIN_ANSWERS.cancelRestart)
  reload = (a: AgentRef) => this.answer('POST /reload', a, undefined, readReloadAnswer)
  reinitialize = (a: AgentRef, b: unknown) => this.plain('POST /reinitialize', a, b, PLAIN_ANSWERS.reinitialize)
  patchConfig = (a: AgentRef, b: unknown) => this.answer('PATCH /config', a, b, readJsonObject)
  async close(): Promise<void> {}
}

export const unreachable = (member: string) => new AgentUnreachableError(member, 'http://x', 'connection refused')
/** An agent that took the request and never answered: it may have acted on it. */
export const noAnswer = (member: string) => new AgentUnreachableError(member, 'http://x', 'no answer within 5s', true)

/** Answers prompts from a script, in order, recording each question. */
export class ScriptedPrompter implements Prompter {
  readonly asked: string[] = []
  constructor(private readonly answers: Array<string | boolean>) {}
  async confirm(q: ConfirmQuestion): Promise<boolean> {
    this.asked.push(q.message)
    const a = this.answers.shift()
    if (typeof a !== 'boolean') throw new Error(`unexpected confirm: ${q.message}`)
    return a
  }
  async input(q: InputQuestion): Promise<string> {
    this.asked.push(`${q.message} [${q.default ?? ''}]`)
    const a = this.answers.shift()
    if (typeof a !== 'string') throw new Error(`unexpected input: ${q.message}`)
    return a === '' ? (q.default ?? '') : a
  }
}

export function fixedClock(start = Date.UTC(2026, 10, 25, 18, 0, 0)): Clock & { advance(ms: number): void } {
  let now = start
  return {
    now: () => new Date(now),
    sleep: async (ms) => {
      now += ms
    },
    advance: (ms) => {
      now += ms
    },
    localZoneNames: () => ['UTC', 'UTC'],
  }
}

export interface TestDeps extends ActionDeps {
  readonly store: MemoryKvStore
  readonly apiImpl: RecordingApi
  readonly out: string[]
  readonly err: string[]
}

export function testDeps(
  records: readonly KvRecord[],
  o: { api?: RecordingApi; prompt?: Prompter; clock?: Clock; conduct?: Conduct } = {},
): TestDeps {
  const store = new MemoryKvStore(records)
  const apiImpl = o.api ?? new RecordingApi()
  const out: string[] = []
  const err: string[] = []
  return {
    store,
    apiImpl,
    out,
    err,
    dcs: new KvDcs(store, '/service/'),
    api: async () => apiImpl,
    prompt: o.prompt ?? new ScriptedPrompter([]),
    clock: o.clock ?? fixedClock(),
    report: (t) => out.push(t),
    progress: (t) => err.push(t),
    note: (t) => err.push(t),
    warn: (t) => err.push(t),
    generation: (subject) => generationOf('groups' in subject ? subject : singleCluster(subject)),
    topology: (subject) => topologyText(subject, NATIVE_NEWEST),
    conduct: o.conduct ?? PTCTL_CONDUCT,
  }
}
