import { createPrivateKey } from 'node:crypto'
import { createRequire } from 'node:module'

import type * as CockatielNamespace from 'cockatiel'
import type * as Etcd3Namespace from 'etcd3'
import type { Etcd3, IOptions, IWatchResponse, Watcher } from 'etcd3'

import type { DcsSettings } from '../config/types.js'
import { DcsUnreachableError, DcsWriteUnknownError, UsageError, VersionConflictError } from '../errors.js'
import { readRegularFile } from '../input-files.js'
import { withDeadline } from './deadline.js'
import type { DcsProbe } from './endpoint-probe.js'
import { probeEtcd3 } from './etcd3-probe.js'
import { classifyEtcd3Failure, NoAnswerError } from './etcd3-failure.js'
import type { KvRecord, KvStore } from './kv-store.js'
import { pauseUnlessAborted, Reconnection, type KvChange, type KvWatchEvent, type KvWatchOptions } from './kv-watch.js'

/** How one watch stream ended: the caller stopped it, the endpoint was lost, or etcd compacted the history needed. */
type WatchEnd =
  | { readonly kind: 'aborted' }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'compacted' }

/** between rounds of a read that etcd could not serve for a moment (an election takes about a second) */
const READ_RETRY_PAUSE_MS = 250

/**
 * How often a watch confirms that its endpoint still serves the present (a linearizable read, which a member cut off
 * into a minority cannot answer), and the key it reads (any key: only the quorum's answer matters).
 */
const CURRENCY_EVERY_MS = 2000
const CURRENCY_PROBE_KEY = '/ptctl-watch-currency'

/** gRPC keepalive on the watch stream: a connection that went silent (a black hole) fails instead of stalling. */
const KEEPALIVE_MS = 10_000

type Etcd3Module = typeof Etcd3Namespace
type CockatielModule = typeof CockatielNamespace

// createRequire is measurably cheaper than import() for this CommonJS package (deps.md), and keeps it off start-up
const load = (): { etcd3: Etcd3Module; cockatiel: CockatielModule } => {
  const require = createRequire(import.meta.url)
  return { etcd3: require('etcd3') as Etcd3Module, cockatiel: require('cockatiel') as CockatielModule }
}

const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'

/** gRPC takes no passphrase: an encrypted client key (etcd3.key_password) is decrypted here. */
function clientKey(path: string, password: string | undefined): Buffer {
  const key = readRegularFile(path, 'etcd3 client key')
  if (password === undefined) return key
  try {
    return Buffer.from(
      createPrivateKey({ key, format: 'pem', passphrase: password }).export({ type: 'pkcs8', format: 'pem' }),
    )
  } catch (e) {
    throw new UsageError(`Cannot decrypt the etcd3 client key ${path} with key_password: ${(e as Error).message}`)
  }
}

/** gRPC's messages are long and noisy; keep what a DBA needs to read. */
function shortReason(e: Error, timeoutMs: number): string {
  const m = e.message
  if (/ECONNREFUSED/.test(m)) return 'connection refused'
  if (/DEADLINE_EXCEEDED|no answer within/i.test(m)) return `no answer within ${timeoutMs / 1000}s`
  if (/ENOTFOUND|EAI_AGAIN/.test(m)) return 'host name not found'
  if (/Received HTTP status code/.test(m)) return 'not an etcd v3 gRPC endpoint'
  return (m.split('\n')[0] ?? e.name).replace(/^\d+ [A-Z_]+: /, '').slice(0, 160)
}

function isAuthError(e: Error): boolean {
  return /auth|permission|Unauthenticated/i.test(e.name) || /authentication failed|permission denied/i.test(e.message)
}

/**
 * etcd v3 over gRPC (the `etcd3` package). Each call has a deadline and no retry policy; when an endpoint fails
 * the next one is tried, and the whole call is bounded by the timeout per endpoint.
 */
export class Etcd3Store implements KvStore {
  readonly description: string
  private readonly modules = load()
  private readonly endpoints: string[]
  private clients = new Map<string, Etcd3>()
  /** the endpoint that answered last; tried first next time */
  private preferred = 0
  /** the etcd has authentication off: like Patroni, go on without the configured credentials */
  private authDisabled = false

  constructor(
    private readonly settings: DcsSettings,
    private readonly timeoutMs: number,
    /** a line for stderr about something the user should know but that does not stop the command */
    private readonly note: (line: string) => void = () => undefined,
  ) {
    this.endpoints = settings.hosts.map((h) => `${settings.protocol}://${h}`)
    this.description = `etcd3 ${this.endpoints.join(',')}`
  }

  private client(endpoint: string): Etcd3 {
    const existing = this.clients.get(endpoint)
    if (existing) return existing
    const { tls, credentials } = this.settings
    const options: IOptions = {
      hosts: [endpoint],
      dialTimeout: this.timeoutMs,
      // etcd's default --grpc-keepalive-min-time is 5 s: pinging every 10 s is within what it accepts
      grpcOptions: {
        'grpc.keepalive_time_ms': KEEPALIVE_MS,
        'grpc.keepalive_timeout_ms': this.timeoutMs,
        'grpc.keepalive_permit_without_calls': 1,
      },
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + this.timeoutMs }),
      faultHandling: { global: this.modules.cockatiel.noop, host: () => this.modules.cockatiel.noop },
      ...(credentials && !this.authDisabled
        ? {
            auth: {
              username: credentials.username,
              password: credentials.password,
              callOptions: { deadline: Date.now() + this.timeoutMs },
            },
          }
        : {}),
      ...(endpoint.startsWith('https:')
        ? {
            credentials: {
              // without a CA of its own, the server is checked against the system's trusted roots
              rootCertificate: readRegularFile(tls.caFile ?? SYSTEM_CA_BUNDLE, 'etcd3 CA certificate'),
              ...(tls.keyFile ? { privateKey: clientKey(tls.keyFile, tls.keyPassword) } : {}),
              ...(tls.certFile ? { certChain: readRegularFile(tls.certFile, 'etcd3 client certificate') } : {}),
            },
          }
        : {}),
    }
    const client = new this.modules.etcd3.Etcd3(options)
    this.clients.set(endpoint, client)
    return client
  }

  /**
   * Runs `op` against the preferred endpoint, then each other one in turn. A write goes to another endpoint only when
   * the one tried never received it (no connection): once sent, its failure leaves the outcome unknown, as it may have
   * been applied. A read that etcd could not serve for a moment (`leader changed`, `no leader`) is tried again, all
   * endpoints over, while its deadline lasts.
   */
  private async call<T>(what: 'read' | 'write' | 'delete', op: (client: Etcd3) => Promise<T>): Promise<T> {
    const n = this.endpoints.length
    const started = Date.now()
    let failures: string[] = []
    for (;;) {
      failures = []
      let passing = false
      for (let i = 0; i < n; i++) {
        const index = (this.preferred + i) % n
        const endpoint = this.endpoints[index] ?? ''
        try {
          const result = await this.attempt(endpoint, op)
          this.preferred = index
          return result
        } catch (e) {
          if (e instanceof VersionConflictError || e instanceof UsageError) throw e
          const err = e as Error
          const kind = classifyEtcd3Failure(err, this.modules.etcd3)
          if (kind === 'refused' || isAuthError(err))
            throw new DcsUnreachableError(`etcd3 ${endpoint} refused the credentials: ${err.message}`)
          failures.push(`${endpoint}: ${shortReason(err, this.timeoutMs)}`)
          await this.drop(endpoint)
          if (what !== 'read' && kind !== 'not-sent')
            throw new DcsWriteUnknownError(
              `Cannot ${what} ${what === 'write' ? 'to' : 'from'} etcd3 (${failures.join('; ')}): the ${what} may have been applied; check with 'ptctl list' or 'ptctl show-config' before trying again`,
            )
          passing ||= kind === 'transient'
        }
      }
      if (what !== 'read' || !passing || Date.now() - started + READ_RETRY_PAUSE_MS >= this.timeoutMs) break
      await new Promise((resolve) => setTimeout(resolve, READ_RETRY_PAUSE_MS))
    }
    throw new DcsUnreachableError(`Cannot ${what} ${what === 'write' ? 'to' : 'from'} etcd3 (${failures.join('; ')})`)
  }

  /** One endpoint; an etcd without authentication is used without the credentials, as Patroni does. */
  private async attempt<T>(endpoint: string, op: (client: Etcd3) => Promise<T>): Promise<T> {
    const once = () =>
      withDeadline(op(this.client(endpoint)), this.timeoutMs + 250, () => new NoAnswerError(this.timeoutMs / 1000))
    try {
      return await once()
    } catch (e) {
      if (this.authDisabled || !/authentication is not enabled/i.test((e as Error).message)) throw e
      this.authDisabled = true
      this.note(`Warning: etcd3 ${endpoint} has authentication disabled; the configured credentials are not used`)
      await this.drop(endpoint)
      return once()
    }
  }

  private async drop(endpoint: string): Promise<void> {
    const client = this.clients.get(endpoint)
    this.clients.delete(endpoint)
    client?.close()
  }

  async list(prefix: string): Promise<KvRecord[]> {
    const response = await this.call('read', (c) => c.getAll().prefix(prefix).exec())
    return response.kvs.map((kv) => ({
      key: kv.key.toString('utf8'),
      value: kv.value.toString('utf8'),
      version: String(kv.mod_revision),
    }))
  }

  /**
   * A snapshot from one range read, then etcd's own watch from the revision after it: no change is missed or
   * repeated. A lost endpoint is replaced by the next one, resuming from the revision after the last one seen; only
   * when etcd has compacted that history away is everything read again (a `snapshot` with `resync`).
   */
  async watch(prefix: string, onEvent: (event: KvWatchEvent) => void, o: KvWatchOptions): Promise<void> {
    const reconnection = new Reconnection('etcd3', o.giveUpAfterMs)
    let next = await this.snapshot(prefix, onEvent, false)
    while (!o.signal.aborted) {
      const index = this.preferred
      const endpoint = this.endpoints[index] ?? ''
      let resumedFrom = next
      const end = await this.watchOn(endpoint, prefix, next, o.signal, {
        connected: () => reconnection.succeeded(`resumed on ${endpoint} from revision ${resumedFrom}`, onEvent),
        changes: (changes, after) => {
          next = after
          resumedFrom = after
          onEvent({ kind: 'changes', changes })
        },
      })
      if (end.kind === 'aborted') return
      if (end.kind === 'compacted') {
        next = await this.snapshot(prefix, onEvent, true).catch((e: unknown) => {
          reconnection.failed((e as Error).message, onEvent)
          return next
        })
        continue
      }
      await this.drop(endpoint)
      this.preferred = (index + 1) % this.endpoints.length
      reconnection.failed(`${endpoint}: ${end.reason}`, onEvent)
      await pauseUnlessAborted(reconnection.delayMs, o.signal)
    }
  }

  /** Everything under the prefix, reported as a snapshot; returns the revision to watch from. */
  private async snapshot(prefix: string, onEvent: (event: KvWatchEvent) => void, resync: boolean): Promise<string> {
    const response = await this.call('read', (c) => c.getAll().prefix(prefix).exec())
    const records = response.kvs.map((kv) => ({
      key: kv.key.toString('utf8'),
      value: kv.value.toString('utf8'),
      version: String(kv.mod_revision),
    }))
    onEvent({ kind: 'snapshot', records, resync })
    return (BigInt(response.header.revision) + 1n).toString()
  }

  /** One watch stream on one endpoint, until it ends; `changes` hears each batch and the revision to resume from. */
  private watchOn(
    endpoint: string,
    prefix: string,
    from: string,
    signal: AbortSignal,
    on: { connected(): void; changes(changes: KvChange[], next: string): void },
  ): Promise<WatchEnd> {
    return new Promise<WatchEnd>((resolve, reject) => {
      let watcher: Watcher
      try {
        watcher = this.client(endpoint).watch().prefix(prefix).startRevision(from).watcher()
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)))
        return
      }
      let ended = false
      let checking = false
      let currency: NodeJS.Timeout | undefined
      const connectTimer = setTimeout(
        () => finish({ kind: 'failed', reason: `no answer within ${this.timeoutMs / 1000}s` }),
        this.timeoutMs,
      )
      const onAbort = () => finish({ kind: 'aborted' })
      function finish(end: WatchEnd) {
        if (ended) return
        ended = true
        clearTimeout(connectTimer)
        clearInterval(currency)
        signal.removeEventListener('abort', onAbort)
        watcher.removeAllListeners()
        watcher.on('error', () => undefined)
        void watcher.cancel().catch(() => undefined)
        resolve(end)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      if (signal.aborted) onAbort()
      // A member cut off from its peers accepts a watch and keeps it open and silent while the majority moves on. A
      // linearizable read through the same member needs the quorum: the watch counts as connected (and, after a loss,
      // resumed) only once one has succeeded, and stays current only while one keeps succeeding in time.
      const confirmCurrent = (then: () => void) => {
        checking = true
        withDeadline(
          this.client(endpoint).get(CURRENCY_PROBE_KEY).exec(),
          this.timeoutMs,
          () => new NoAnswerError(this.timeoutMs / 1000),
        ).then(
          () => {
            checking = false
            if (!ended) then()
          },
          (err: unknown) =>
            finish({ kind: 'failed', reason: `not confirmed current: ${shortReason(err as Error, this.timeoutMs)}` }),
        )
      }
      watcher.on('connected', () =>
        confirmCurrent(() => {
          clearTimeout(connectTimer)
          on.connected()
          currency ??= setInterval(() => {
            if (!checking) confirmCurrent(() => undefined)
          }, CURRENCY_EVERY_MS)
        }),
      )
      watcher.on('data', (res: IWatchResponse) => {
        // one answer may carry many revisions (after a reconnect, all that was missed): each is told on its own, so
        // every state the cluster went through is seen; the keys of one transaction stay together
        const byRevision = new Map<string, KvChange[]>()
        for (const ev of res.events) {
          const version = String(ev.kv.mod_revision)
          const change = {
            key: ev.kv.key.toString('utf8'),
            value: ev.type === 'Delete' ? undefined : ev.kv.value.toString('utf8'),
            version,
          }
          byRevision.set(version, [...(byRevision.get(version) ?? []), change])
        }
        const batches = [...byRevision.values()]
        batches.forEach((changes, i) =>
          on.changes(
            changes,
            i === batches.length - 1
              ? (BigInt(res.header.revision) + 1n).toString()
              : (BigInt(changes[0]?.version ?? '0') + 1n).toString(),
          ),
        )
      })
      watcher.on('disconnected', (err: Error) => finish({ kind: 'failed', reason: shortReason(err, this.timeoutMs) }))
      watcher.on('error', (err: Error) =>
        finish(
          /compact/i.test(err.message)
            ? { kind: 'compacted' }
            : { kind: 'failed', reason: shortReason(err, this.timeoutMs) },
        ),
      )
    })
  }

  /** Each endpoint asked on its own (doctor): see etcd3-probe.ts. */
  probeEndpoints(): Promise<DcsProbe> {
    return probeEtcd3({
      endpoints: this.endpoints,
      client: (endpoint) => this.client(endpoint),
      timeoutMs: this.timeoutMs,
      key: CURRENCY_PROBE_KEY,
      reason: (e) => shortReason(e, this.timeoutMs),
    })
  }

  async put(key: string, value: string, expectedVersion?: string): Promise<void> {
    // mod_revision starts at 1: "version 0" would be an absent key, and compare-and-set never creates one
    if (expectedVersion === '0') throw new VersionConflictError(key)
    if (expectedVersion === undefined) {
      await this.call('write', (c) => c.put(key).value(value).exec())
      return
    }
    const result = await this.call('write', (c) =>
      c.if(key, 'Mod', '==', expectedVersion).then(c.put(key).value(value)).commit(),
    )
    if (!result.succeeded) throw new VersionConflictError(key)
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.call('delete', (c) => c.delete().prefix(prefix).exec())
  }

  async close(): Promise<void> {
    for (const client of this.clients.values()) client.close()
    this.clients.clear()
  }
}
