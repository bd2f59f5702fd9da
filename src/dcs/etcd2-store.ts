import type { DcsSettings } from '../config/types.js'
import { DcsUnreachableError, VersionConflictError } from '../errors.js'
import { HttpEndpoints, type HttpAnswer } from './http-endpoints.js'
import type { DcsProbe, EndpointProbe } from './endpoint-probe.js'
import type { KvRecord, KvStore } from './kv-store.js'
import {
  pauseUnlessAborted,
  Reconnection,
  WatchMirror,
  type KvChange,
  type KvWatchEvent,
  type KvWatchOptions,
} from './kv-watch.js'

/**
 * One long poll waits this long for a change before it is sent again; after a window with no change a quorum read
 * confirms the member still serves the present (an idle store costs two requests per window).
 */
const POLL_WINDOW_MS = 5_000
/** any key: only whether the quorum answers matters */
const CURRENCY_PROBE_PATH = '/v2/keys/ptctl-watch-currency?quorum=true'

/** A change as etcd v2's watch reports it. */
interface Etcd2Event {
  readonly action?: string
  readonly node?: Etcd2Node
  readonly errorCode?: number
  readonly message?: string
}

const DELETED = new Set(['delete', 'expire', 'compareAndDelete'])

interface Etcd2Node {
  readonly key?: string
  readonly value?: string
  readonly dir?: boolean
  readonly modifiedIndex?: number
  readonly nodes?: readonly Etcd2Node[]
}

function flatten(node: Etcd2Node | undefined, out: KvRecord[]): void {
  if (!node) return
  if (node.dir) {
    for (const child of node.nodes ?? []) flatten(child, out)
  } else if (node.key !== undefined) {
    out.push({ key: node.key, value: node.value ?? '', version: String(node.modifiedIndex ?? 0) })
  }
}

function encodePath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/')
}

function parse(answer: HttpAnswer, what: string): { errorCode?: number; message?: string; node?: Etcd2Node } {
  try {
    return JSON.parse(answer.text) as { errorCode?: number; message?: string; node?: Etcd2Node }
  } catch {
    throw new DcsUnreachableError(
      `etcd v2 answered ${what} with ${answer.status}, not JSON: ${answer.text.slice(0, 80)}`,
    )
  }
}

/** One watch event as key changes: a directory removed or expired takes every key under it along. */
function changesOf(action: string, node: Etcd2Node, version: string, mirror: WatchMirror): KvChange[] {
  const key = node.key ?? ''
  if (DELETED.has(action)) {
    if (!node.dir) return [{ key, value: undefined, version }]
    return mirror
      .list()
      .filter((r) => r.key.startsWith(`${key}/`))
      .map((r) => ({ key: r.key, value: undefined, version }))
  }
  return node.dir ? [] : [{ key, value: node.value ?? '', version }]
}

/** etcd's v2 HTTP API (what Patroni's `etcd:` section talks to): quorum reads, prevIndex compare-and-set. */
export class Etcd2Store implements KvStore {
  private readonly http: HttpEndpoints

  constructor(settings: DcsSettings, timeoutMs: number) {
    const auth = settings.credentials
      ? {
          authorization: `Basic ${Buffer.from(`${settings.credentials.username}:${settings.credentials.password}`).toString('base64')}`,
        }
      : {}
    this.http = new HttpEndpoints('etcd', settings, timeoutMs, auth)
  }

  get description(): string {
    return this.http.description
  }

  private check(answer: HttpAnswer, what: string): void {
    if (answer.status === 401 || answer.status === 403)
      throw new DcsUnreachableError(`etcd v2 refused the credentials (${answer.status}) on ${what}`)
  }

  async list(prefix: string): Promise<KvRecord[]> {
    const answer = await this.http.send('read from', 'GET', `/v2/keys${encodePath(prefix)}?recursive=true&quorum=true`)
    this.check(answer, 'read')
    const body = parse(answer, 'a read')
    if (answer.status === 404 && body.errorCode === 100) return []
    if (answer.status !== 200)
      throw new DcsUnreachableError(`etcd v2 read failed: ${answer.status} ${body.message ?? answer.text.slice(0, 80)}`)
    const out: KvRecord[] = []
    flatten(body.node, out)
    return out
  }

  /** The records under `prefix` and the store's index to watch from (X-Etcd-Index + 1). */
  private async snapshot(prefix: string): Promise<{ records: KvRecord[]; next: number }> {
    const answer = await this.http.send('read from', 'GET', `/v2/keys${encodePath(prefix)}?recursive=true&quorum=true`)
    this.check(answer, 'read')
    const body = parse(answer, 'a read')
    const index = Number(answer.headers['x-etcd-index'])
    if (!Number.isFinite(index)) throw new DcsUnreachableError('etcd v2 answered a read without X-Etcd-Index')
    if (answer.status === 404 && body.errorCode === 100) return { records: [], next: index + 1 }
    if (answer.status !== 200)
      throw new DcsUnreachableError(`etcd v2 read failed: ${answer.status} ${body.message ?? answer.text.slice(0, 80)}`)
    const records: KvRecord[] = []
    flatten(body.node, records)
    return { records, next: index + 1 }
  }

  /**
   * etcd v2's own watch: long polls with `wait=true&recursive=true&waitIndex=N`, each change in order, the next poll
   * from the index after it; a directory removed (one event) is told as the removal of each key it held. etcd v2
   * keeps only its last 1000 events: when the index asked for is gone (error 401), everything is read again (a
   * `snapshot` with `resync`).
   */
  async watch(prefix: string, onEvent: (event: KvWatchEvent) => void, o: KvWatchOptions): Promise<void> {
    const reconnection = new Reconnection('etcd v2', o.giveUpAfterMs)
    const mirror = new WatchMirror()
    const report = (event: KvWatchEvent) => {
      mirror.apply(event)
      onEvent(event)
    }
    const first = await this.snapshot(prefix)
    report({ kind: 'snapshot', records: first.records, resync: false })
    let next = first.next
    const dir = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix
    while (!o.signal.aborted) {
      const window = AbortSignal.any([o.signal, AbortSignal.timeout(POLL_WINDOW_MS)])
      let answer: HttpAnswer
      try {
        answer = await this.http.send(
          'watch',
          'GET',
          `/v2/keys${encodePath(dir)}?wait=true&recursive=true&waitIndex=${next}`,
          undefined,
          undefined,
          { waitMs: POLL_WINDOW_MS, signal: window },
        )
      } catch (e) {
        if (o.signal.aborted) return
        if (window.aborted) {
          // nothing changed in this window, or the member is cut off from its peers and cannot know: a member in a
          // minority keeps the long poll open and silent while the majority moves on
          const on = this.http.preferredBase
          const doubt = await this.currencyDoubt()
          if (doubt === undefined) {
            reconnection.succeeded(`resumed on ${on} from index ${next}`, onEvent)
            continue
          }
          this.http.avoidPreferred()
          reconnection.failed(`${on}: not confirmed current: ${doubt}`, onEvent)
          await pauseUnlessAborted(reconnection.delayMs, o.signal)
          continue
        }
        reconnection.failed((e as Error).message, onEvent)
        await pauseUnlessAborted(reconnection.delayMs, o.signal)
        continue
      }
      this.check(answer, 'watch')
      const event = parse(answer, 'a watch') as Etcd2Event
      if (event.errorCode === 401) {
        const again = await this.snapshot(prefix)
        reconnection.succeeded(`read everything again from ${this.description} (its event history moved on)`, onEvent)
        report({ kind: 'snapshot', records: again.records, resync: true })
        next = again.next
        continue
      }
      reconnection.succeeded(`resumed on ${this.http.preferredBase} from index ${next}`, onEvent)
      const node = event.node
      if (answer.status !== 200 || !node?.key)
        throw new DcsUnreachableError(`etcd v2 watch failed: ${answer.status} ${event.message ?? ''}`)
      const version = node.modifiedIndex ?? next
      const changes = changesOf(event.action ?? '', node, String(version), mirror)
      if (changes.length > 0) report({ kind: 'changes', changes })
      next = version + 1
    }
  }

  /** each endpoint's `/version` and whether it is the raft leader (`/v2/stats/self`), with the time each took */
  async probeEndpoints(): Promise<DcsProbe> {
    const [versions, selves] = await Promise.all([this.http.eachBase('/version'), this.http.eachBase('/v2/stats/self')])
    return {
      kind: 'etcd',
      endpoints: versions.map((v, i): EndpointProbe => {
        if (v.status !== 200) return { endpoint: v.base, ok: false, error: v.error ?? `answered ${v.status ?? '?'}` }
        const version = jsonObject(v.text)?.['etcdserver']
        const self = jsonObject(selves[i]?.text)
        return {
          endpoint: v.base,
          ok: true,
          ...(v.ms !== undefined ? { ms: v.ms } : {}),
          ...(typeof version === 'string' ? { version } : {}),
          ...(typeof self?.['state'] === 'string' ? { isLeader: self['state'] === 'StateLeader' } : {}),
          ...(typeof self?.['name'] === 'string' ? { name: self['name'] } : {}),
        }
      }),
    }
  }

  /** why the endpoint the watch uses may not serve the present (a quorum read failed), or undefined when it does */
  private async currencyDoubt(): Promise<string | undefined> {
    try {
      const answer = await this.http.send('confirm', 'GET', CURRENCY_PROBE_PATH, undefined, undefined, undefined, {
        only: 'preferred',
      })
      if (answer.status === 200 || answer.status === 404) return undefined
      return `${answer.status} ${(parse(answer, 'a read').message ?? '').slice(0, 80)}`.trim()
    } catch (e) {
      // "Cannot confirm etcd (<base>: <reason>)": the caller names the endpoint
      const m = /^Cannot confirm [^(]*\([^ ]+: (.*)\)$/.exec((e as Error).message)
      return m?.[1] ?? (e as Error).message
    }
  }

  async put(key: string, value: string, expectedVersion?: string): Promise<void> {
    // modifiedIndex starts at 1, and etcd reads prevIndex=0 as no condition at all: compare-and-set never creates
    if (expectedVersion === '0') throw new VersionConflictError(key)
    const query = expectedVersion !== undefined ? `?prevIndex=${encodeURIComponent(expectedVersion)}` : ''
    const answer = await this.http.send(
      'write to',
      'PUT',
      `/v2/keys${encodePath(key)}${query}`,
      new URLSearchParams({ value }).toString(),
      'application/x-www-form-urlencoded',
    )
    this.check(answer, 'write')
    if (answer.status === 200 || answer.status === 201) return
    const body = parse(answer, 'a write')
    // 101 compare failed, 100 key gone: either way someone else changed it since we read
    if (expectedVersion !== undefined && (body.errorCode === 101 || body.errorCode === 100))
      throw new VersionConflictError(key)
    throw new DcsUnreachableError(`etcd v2 write failed: ${answer.status} ${body.message ?? ''}`)
  }

  async deletePrefix(prefix: string): Promise<void> {
    const path = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix
    const answer = await this.http.send('delete from', 'DELETE', `/v2/keys${encodePath(path)}?recursive=true&dir=true`)
    this.check(answer, 'delete')
    if (answer.status === 200 || answer.status === 404) return
    throw new DcsUnreachableError(`etcd v2 delete failed: ${answer.status} ${answer.text.slice(0, 80)}`)
  }

  async close(): Promise<void> {
    await this.http.close()
  }
}

/** a JSON object answer, or undefined for anything else */
function jsonObject(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text ?? '')
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
