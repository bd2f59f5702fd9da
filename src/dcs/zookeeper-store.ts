import { createRequire } from 'node:module'

import type * as ZkNamespace from 'node-zookeeper-client'

import type { DcsSettings } from '../config/types.js'
import { DcsUnreachableError, DcsWriteUnknownError, VersionConflictError } from '../errors.js'
import { withDeadline } from './deadline.js'
import type { KvRecord, KvStore } from './kv-store.js'
import { pauseUnlessAborted, Reconnection, type KvWatchEvent, type KvWatchOptions } from './kv-watch.js'
import { ZkTreeWatch, type ZkEventType, type ZkWatcher, type ZkWatchReads } from './zookeeper-watch.js'

/** How the session of a watch stands, as the client's events tell. */
type SessionState = 'connected' | 'disconnected' | 'expired'

type Zk = typeof ZkNamespace
type Client = ZkNamespace.Client
/** node-zookeeper-client passes its own Exception objects (getCode()) or plain Errors */
type ZkError = Error | ZkNamespace.Exception | null | undefined

const load = (): Zk => createRequire(import.meta.url)('node-zookeeper-client') as Zk

/** `/service/demo/` → `/service/demo` (ZooKeeper paths have no trailing slash). */
function nodePath(key: string): string {
  const trimmed = key.replace(/\/+$/, '')
  return trimmed === '' ? '/' : trimmed
}

/**
 * ZooKeeper through node-zookeeper-client: keys are znodes (Patroni's `leader` and `members/*` are ephemeral),
 * versions are `stat.version`, compare-and-set is a versioned setData. The session never outlives the command, and
 * every call is bounded by the timeout.
 */
export class ZooKeeperStore implements KvStore {
  readonly description: string
  private readonly zk = load()
  private client: Client | undefined

  constructor(
    private readonly settings: DcsSettings,
    private readonly timeoutMs: number,
  ) {
    this.description = `zookeeper ${settings.hosts.join(',')}`
  }

  private unreachable(what: string, detail: string): DcsUnreachableError {
    return new DcsUnreachableError(`Cannot ${what} zookeeper (${this.settings.hosts.join(',')}: ${detail})`)
  }

  private async connected(what: string): Promise<Client> {
    if (this.client) return this.client
    const client = this.zk.createClient(this.settings.hosts.join(','), {
      sessionTimeout: Math.max(this.timeoutMs, 4000),
      spinDelay: 200,
      retries: 0,
    })
    try {
      await withDeadline(
        new Promise<void>((resolve) => {
          client.once('connected', () => resolve())
          client.connect()
        }),
        this.timeoutMs,
        () => this.unreachable(what, `no session within ${this.timeoutMs / 1000}s`),
      )
    } catch (e) {
      client.close()
      throw e
    }
    this.client = client
    return client
  }

  /**
   * One ZooKeeper request, bounded by the timeout; NO_NODE comes back as `undefined`. Any other ZooKeeper error means
   * the store cannot serve us (exit 3), except that a change that got no answer may have been applied (exit 6).
   */
  private async call<T>(
    what: string,
    op: (c: Client, done: (err: ZkError, value?: T) => void) => void,
  ): Promise<T | undefined> {
    const client = await this.connected(what)
    const changes = what !== 'read from'
    return withDeadline(
      new Promise<T | undefined>((resolve, reject) => {
        op(client, (err, value) => {
          if (!err) resolve(value)
          else if (this.code(err) === this.zk.Exception.NO_NODE) resolve(undefined)
          else reject(err instanceof Error ? err : new Error(err.toString()))
        })
      }),
      this.timeoutMs,
      () =>
        changes
          ? new DcsWriteUnknownError(
              `Cannot ${what} zookeeper (${this.settings.hosts.join(',')}: no answer within ${this.timeoutMs / 1000}s): it may have been applied; check with 'ptctl list' or 'ptctl show-config' before trying again`,
            )
          : this.unreachable(what, `no answer within ${this.timeoutMs / 1000}s`),
    ).catch((e: unknown) => {
      if (e instanceof DcsUnreachableError || e instanceof DcsWriteUnknownError || e instanceof VersionConflictError)
        throw e
      const code = this.code(e as Error)
      if (code === this.zk.Exception.NO_AUTH) throw this.unreachable(what, 'not authorised (ACL)')
      // BAD_VERSION and NODE_EXISTS are the callers' to read
      if (code === this.zk.Exception.BAD_VERSION || code === this.zk.Exception.NODE_EXISTS) throw e
      throw this.unreachable(what, (e as Error).message)
    })
  }

  private code(err: ZkError): number | undefined {
    const withCode = err as { getCode?: () => number } | null | undefined
    if (!withCode) return undefined
    return typeof withCode.getCode === 'function' ? withCode.getCode() : undefined
  }

  private async walk(path: string, out: KvRecord[]): Promise<void> {
    const [data, children] = await Promise.all([
      this.call<{ data: Buffer | undefined; version: number }>('read from', (c, done) =>
        c.getData(path, (err, d, stat) => done(err, { data: d, version: stat?.version ?? 0 })),
      ),
      this.call<string[]>('read from', (c, done) => c.getChildren(path, (err, list) => done(err, list))),
    ])
    // Patroni's parents (`members`) hold no data; only znodes with data are keys
    if (data && data.data !== undefined && data.data.length > 0) {
      out.push({ key: path, value: data.data.toString('utf8'), version: String(data.version) })
    } else if (data && children && children.length === 0 && path !== '/') {
      out.push({ key: path, value: '', version: String(data.version) })
    }
    await Promise.all((children ?? []).map((child) => this.walk(path === '/' ? `/${child}` : `${path}/${child}`, out)))
  }

  async list(prefix: string): Promise<KvRecord[]> {
    const out: KvRecord[] = []
    await this.walk(nodePath(prefix), out)
    const wanted = prefix.endsWith('/') ? prefix : `${prefix}/`
    return out.filter((r) => `${r.key}/`.startsWith(wanted) && r.key !== nodePath(prefix))
  }

  async put(key: string, value: string, expectedVersion?: string): Promise<void> {
    const path = nodePath(key)
    const data = Buffer.from(value, 'utf8')
    const version = expectedVersion === undefined ? -1 : Number(expectedVersion)
    try {
      const stat = await this.call<unknown>('write to', (c, done) =>
        c.setData(path, data, version, (err, s) => done(err, s ?? true)),
      )
      if (stat !== undefined) return
    } catch (e) {
      if (this.code(e as Error) === this.zk.Exception.BAD_VERSION) throw new VersionConflictError(key)
      throw e
    }
    // the znode does not exist
    if (expectedVersion !== undefined) throw new VersionConflictError(key)
    // parents are created empty (as Patroni's `members` znode is); only the key itself holds the value
    const parent = path.slice(0, path.lastIndexOf('/'))
    if (parent !== '') await this.call<string>('write to', (c, done) => c.mkdirp(parent, (err, p) => done(err, p)))
    try {
      await this.call<string>('write to', (c, done) => c.create(path, data, (err, p) => done(err, p)))
    } catch (e) {
      // created meanwhile by someone else: write over it, as an unconditional put does
      if (this.code(e as Error) !== this.zk.Exception.NODE_EXISTS) throw e
      await this.call<unknown>('write to', (c, done) => c.setData(path, data, -1, (err, st) => done(err, st ?? true)))
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    const remove = async (path: string): Promise<void> => {
      const children = await this.call<string[]>('delete from', (c, done) =>
        c.getChildren(path, (err, list) => done(err, list)),
      )
      if (children === undefined) return
      await Promise.all(children.map((child) => remove(`${path}/${child}`)))
      await this.call<boolean>('delete from', (c, done) => c.remove(path, -1, (err) => done(err, true)))
    }
    await remove(nodePath(prefix))
  }

  /** The reads of a tree watch, each leaving the given one-time watch behind. */
  private watchReads(): ZkWatchReads {
    const Event = this.zk.Event
    const typeOf = (type: number): ZkEventType =>
      type === Event.NODE_CREATED
        ? 'created'
        : type === Event.NODE_DELETED
          ? 'deleted'
          : type === Event.NODE_DATA_CHANGED
            ? 'data'
            : 'children'
    const native = (watch: ZkWatcher) => (event: ZkNamespace.Event) => watch(typeOf(event.getType()))
    return {
      getData: (path, watch) =>
        this.call('read from', (c, done) =>
          c.getData(path, native(watch), (err, data, stat) =>
            done(err, { data: data ?? Buffer.alloc(0), version: stat?.version ?? 0 }),
          ),
        ),
      getChildren: (path, watch) =>
        this.call('read from', (c, done) => c.getChildren(path, native(watch), (err, list) => done(err, list))),
      // exists answers no stat, not an error, for a missing znode, and leaves a watch for its creation
      exists: async (path, watch) =>
        (await this.call<unknown>('read from', (c, done) =>
          c.exists(path, native(watch), (err, stat) => done(err, stat ?? undefined)),
        )) !== undefined,
    }
  }

  /**
   * ZooKeeper's own watches over the subtree (see ZkTreeWatch for what one-time watches can coalesce). A lost
   * connection is reported and the client reconnects by itself, keeping the session and its watches (ZooKeeper
   * replays what was missed); an expired session, or a read that failed, reads the tree again.
   */
  async watch(prefix: string, onEvent: (event: KvWatchEvent) => void, o: KvWatchOptions): Promise<void> {
    const reconnection = new Reconnection('zookeeper', o.giveUpAfterMs)
    let readAgain = false
    let failure = ''
    const tree = new ZkTreeWatch(
      nodePath(prefix),
      this.watchReads(),
      (changes) => onEvent({ kind: 'changes', changes }),
      (e) => {
        readAgain = true
        failure = e.message
      },
    )
    onEvent({ kind: 'snapshot', records: await tree.start(), resync: false })
    let session = 'connected' as SessionState
    const follow = (client: Client) => {
      client.on('disconnected', () => (session = 'disconnected'))
      client.on('connected', () => (session = 'connected'))
      client.on('expired', () => (session = 'expired'))
    }
    follow(await this.connected('read from'))
    while (!o.signal.aborted) {
      await pauseUnlessAborted(reconnection.lost ? reconnection.delayMs : 250, o.signal)
      if (o.signal.aborted) return
      if (session === 'connected' && !readAgain) {
        reconnection.succeeded('reconnected in the same session: ZooKeeper replayed what was missed', onEvent)
        continue
      }
      if (session === 'disconnected') {
        reconnection.failed(`disconnected from ${this.settings.hosts.join(',')}`, onEvent)
        continue
      }
      try {
        if (session === 'expired') {
          await this.close()
          follow(await this.connected('read from'))
          session = 'connected'
        }
        readAgain = false
        await tree.resync()
        reconnection.succeeded('read the tree again: changes meanwhile arrive as their latest values', onEvent)
      } catch (e) {
        readAgain = true
        reconnection.failed(failure || (e as Error).message, onEvent)
      }
    }
  }

  async close(): Promise<void> {
    this.client?.close()
    this.client = undefined
  }
}
