import type { DcsSettings } from '../config/types.js'
import { DcsUnreachableError, VersionConflictError } from '../errors.js'
import { HttpEndpoints, type HttpAnswer, type LongPoll } from './http-endpoints.js'
import type { DcsProbe, EndpointProbe } from './endpoint-probe.js'
import type { KvRecord, KvStore } from './kv-store.js'
import { pauseUnlessAborted, Reconnection, WatchMirror, type KvWatchEvent, type KvWatchOptions } from './kv-watch.js'

/** A blocking query asks Consul to wait this long for a change; Consul adds up to 1/16 of it as jitter. */
const BLOCKING_WAIT_S = 15
const BLOCKING_WAIT_MS = BLOCKING_WAIT_S * 1000 * (1 + 1 / 16) + 1000

interface ConsulEntry {
  readonly Key: string
  readonly Value: string | null
  readonly ModifyIndex: number
}

/** Consul keys have no leading slash: `/service/demo/leader` ↔ `service/demo/leader`. */
function consulPath(key: string): string {
  return key.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/')
}

/** Consul's KV HTTP API: `?recurse&consistent` reads, `?cas=` writes, ACL token and datacenter from the section. */
export class ConsulStore implements KvStore {
  private readonly http: HttpEndpoints
  private readonly query: string
  private readonly readMode: string

  constructor(settings: DcsSettings, timeoutMs: number) {
    const token = settings.section['token']
    this.http = new HttpEndpoints(
      'consul',
      settings,
      timeoutMs,
      typeof token === 'string' && token !== '' ? { 'x-consul-token': token } : {},
    )
    const dc = settings.section['dc']
    this.query = typeof dc === 'string' && dc !== '' ? `&dc=${encodeURIComponent(dc)}` : ''
    const consistency = settings.section['consistency']
    // patronictl reads with `consistent`; `stale` and `default` are honoured when the section asks for them
    this.readMode = consistency === 'stale' ? '&stale' : consistency === 'default' ? '' : '&consistent'
  }

  get description(): string {
    return this.http.description
  }

  private check(answer: HttpAnswer, what: string): void {
    if (answer.status === 403 || answer.status === 401) {
      throw new DcsUnreachableError(
        `consul refused the ACL token on ${what}: ${answer.status} ${answer.text.trim().slice(0, 80)}`,
      )
    }
  }

  async list(prefix: string): Promise<KvRecord[]> {
    return (await this.read(prefix)).records
  }

  /** One read of the prefix; with `blocking`, a blocking query that answers once Consul's index passes `index`. */
  private async read(
    prefix: string,
    blocking?: { index: number; poll: LongPoll },
  ): Promise<{ records: KvRecord[]; index: number }> {
    const wait = blocking ? `&index=${blocking.index}&wait=${BLOCKING_WAIT_S}s` : ''
    const answer = await this.http.send(
      blocking ? 'watch' : 'read from',
      'GET',
      `/v1/kv/${consulPath(prefix)}?recurse${this.readMode}${this.query}${wait}`,
      undefined,
      undefined,
      blocking?.poll,
    )
    this.check(answer, 'read')
    const index = Number(answer.headers['x-consul-index'] ?? 0)
    if (answer.status === 404) return { records: [], index }
    if (answer.status !== 200)
      throw new DcsUnreachableError(`consul read failed: ${answer.status} ${answer.text.slice(0, 80)}`)
    let entries: ConsulEntry[]
    try {
      entries = JSON.parse(answer.text) as ConsulEntry[]
    } catch {
      throw new DcsUnreachableError(`consul answered a read with invalid JSON: ${answer.text.slice(0, 80)}`)
    }
    const records = entries
      .filter((e) => !e.Key.endsWith('/'))
      .map((e) => ({
        key: `/${e.Key}`,
        value: e.Value === null ? '' : Buffer.from(e.Value, 'base64').toString('utf8'),
        version: String(e.ModifyIndex),
      }))
    return { records, index }
  }

  /**
   * Consul's blocking queries (`?index=N&wait=15s`): each answer holds every key under the prefix, compared with the
   * previous one to find what changed. Consul answers with the latest state, so two changes of one key between two
   * answers arrive as one; an index that goes backwards (a snapshot restore) starts again from 0, as Consul's
   * documentation on blocking queries says.
   */
  async watch(prefix: string, onEvent: (event: KvWatchEvent) => void, o: KvWatchOptions): Promise<void> {
    const reconnection = new Reconnection('consul', o.giveUpAfterMs)
    const mirror = new WatchMirror()
    const first = await this.read(prefix)
    const report = (event: KvWatchEvent) => {
      mirror.apply(event)
      onEvent(event)
    }
    report({ kind: 'snapshot', records: first.records, resync: false })
    let index = first.index
    while (!o.signal.aborted) {
      let answer: { records: KvRecord[]; index: number }
      try {
        answer = await this.read(prefix, { index, poll: { waitMs: BLOCKING_WAIT_MS, signal: o.signal } })
      } catch (e) {
        if (o.signal.aborted) return
        reconnection.failed((e as Error).message, onEvent)
        await pauseUnlessAborted(reconnection.delayMs, o.signal)
        continue
      }
      reconnection.succeeded(`resumed from index ${index}`, onEvent)
      // an index that is not above zero would make every query answer at once: 1, as the documentation advises
      index = answer.index < index ? 0 : Math.max(1, answer.index)
      const changes = mirror.diff(answer.records)
      if (changes.length > 0) report({ kind: 'changes', changes })
    }
  }

  /** each agent's view of the Consul leader (`/v1/status/leader`), with the time each took */
  async probeEndpoints(): Promise<DcsProbe> {
    const answers = await this.http.eachBase('/v1/status/leader')
    return {
      kind: 'consul',
      endpoints: answers.map((a): EndpointProbe => {
        if (a.status !== 200) return { endpoint: a.base, ok: false, error: a.error ?? `answered ${a.status ?? '?'}` }
        // an empty leader ("") is an agent whose servers have no quorum
        const leader = (a.text ?? '').trim().replace(/^"|"$/g, '')
        return leader === ''
          ? { endpoint: a.base, ok: false, error: 'its servers have no leader' }
          : { endpoint: a.base, ok: true, ...(a.ms !== undefined ? { ms: a.ms } : {}) }
      }),
    }
  }

  async put(key: string, value: string, expectedVersion?: string): Promise<void> {
    // ModifyIndex starts at 1, and Consul reads cas=0 as "create if absent": compare-and-set never creates
    if (expectedVersion === '0') throw new VersionConflictError(key)
    const cas = expectedVersion !== undefined ? `&cas=${encodeURIComponent(expectedVersion)}` : ''
    const answer = await this.http.send(
      'write to',
      'PUT',
      `/v1/kv/${consulPath(key)}?${cas.slice(1)}${this.query}`,
      value,
    )
    this.check(answer, 'write')
    if (answer.status !== 200)
      throw new DcsUnreachableError(`consul write failed: ${answer.status} ${answer.text.slice(0, 80)}`)
    if (answer.text.trim() !== 'true') {
      if (expectedVersion !== undefined) throw new VersionConflictError(key)
      throw new DcsUnreachableError(`consul did not store ${key}`)
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    const answer = await this.http.send('delete from', 'DELETE', `/v1/kv/${consulPath(prefix)}?recurse${this.query}`)
    this.check(answer, 'delete')
    if (answer.status !== 200)
      throw new DcsUnreachableError(`consul delete failed: ${answer.status} ${answer.text.slice(0, 80)}`)
  }

  async close(): Promise<void> {
    await this.http.close()
  }
}
