import type { Clock } from '../../src/cli/context.js'
import type { ConfirmQuestion, InputQuestion, Prompter } from '../../src/cli/prompter.js'
import type { KvRecord, KvStore } from '../../src/dcs/kv-store.js'
import { KvDcs } from '../../src/dcs/kv-dcs.js'
import { AgentUnreachableError, PatroniApiError, VersionConflictError } from '../../src/errors.js'
import type { AgentAnswer, AgentRef, PatroniApi, PatroniStatus } from '../../src/patroni-api/api.js'
import type { ActionDeps } from '../../src/services/reporter.js'

/** In-memory KvStore for fast unit tests of service logic (the real adapters pass the contract suite). */
export class MemoryKvStore implements KvStore {
  readonly description = 'memory'
  private revision = 100
  readonly data = new Map<string, { value: string; version: string }>()
  readonly writes: string[] = []

  constructor(records: readonly KvRecord[] = []) {
    for (const r of records) this.data.set(r.key, { value: r.value, version: r.version })
  }
  async list(prefix: string): Promise<KvRecord[]> {
    return [...this.data.entries()].filter(([k]) => k.startsWith(prefix)).map(([key, v]) => ({ key, ...v }))
  }
  async put(key: string, value: string, expectedVersion?: string): Promise<void> {
    if (expectedVersion !== undefined && this.data.get(key)?.version !== expectedVersion)
      throw new VersionConflictError(key)
    this.data.set(key, { value, version: String(++this.revision) })
    this.writes.push(key)
  }
  async deletePrefix(prefix: string): Promise<void> {
    for (const k of [...this.data.keys()]) if (k.startsWith(prefix)) this.data.delete(k)
    this.writes.push(`delete ${prefix}`)
  }
  async close(): Promise<void> {}
}

export interface ApiCall {
  readonly method: string
  readonly member: string
  readonly body?: unknown
}

type Responder = (call: ApiCall) => AgentAnswer | Error

/** Records every REST call; answers 200 unless a responder says otherwise. */
export class RecordingApi implements PatroniApi {
  readonly calls: ApiCall[] = []
  constructor(
    private readonly respond: Responder = () => ({ status: 200, text: 'ok' }),
    /** GET /patroni of a member; a running Patroni 3.0.2 by default */
    private readonly statusOf: (member: string) => PatroniStatus = () => ({
      state: 'running',
      server_version: 150018,
      patroni: { version: '3.0.2' },
    }),
  ) {}
  private async answer(method: string, agent: AgentRef, body?: unknown): Promise<AgentAnswer> {
    const call = { method, member: agent.name, ...(body !== undefined ? { body } : {}) }
    this.calls.push(call)
    const r = this.respond(call)
    if (r instanceof Error) throw r
    if (r.status >= 300) throw new PatroniApiError(agent.name, r.status, r.text)
    return r
  }
  async status(agent: AgentRef): Promise<PatroniStatus> {
    await this.answer('GET /patroni', agent)
    return this.statusOf(agent.name)
  }
  async probe(agent: AgentRef, endpoint: string): Promise<number> {
    try {
      return (await this.answer(`GET ${endpoint}`, agent)).status
    } catch (e) {
      if (e instanceof PatroniApiError) return e.status
      throw e
    }
  }
  async cluster(agent: AgentRef) {
    await this.answer('GET /cluster', agent)
    return {}
  }
  switchover = (a: AgentRef, b: unknown) => this.answer('POST /switchover', a, b)
  failover = (a: AgentRef, b: unknown) => this.answer('POST /failover', a, b)
  cancelSwitchover = (a: AgentRef) => this.answer('DELETE /switchover', a)
  restart = (a: AgentRef, b: unknown) => this.answer('POST /restart', a, b)
  cancelRestart = (a: AgentRef) => this.answer('DELETE /restart', a)
  reload = (a: AgentRef) => this.answer('POST /reload', a)
  reinitialize = (a: AgentRef, b: unknown) => this.answer('POST /reinitialize', a, b)
  patchConfig = (a: AgentRef, b: unknown) => this.answer('PATCH /config', a, b)
  async close(): Promise<void> {}
}

export const unreachable = (member: string) => new AgentUnreachableError(member, 'http://x', 'connection refused')

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
  o: { api?: RecordingApi; prompt?: Prompter; clock?: Clock } = {},
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
  }
}
