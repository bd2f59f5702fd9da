import type { KvRecord } from '../cluster/key-layout.js'
import { WatchMirror, type KvChange } from './kv-watch.js'

/** The ZooKeeper reads a tree watch needs, each leaving a one-time watch (`onEvent` of that path) behind. */
export interface ZkWatchReads {
  /** the znode's data and version, or undefined when it does not exist (no watch is left then) */
  getData(path: string, watch: ZkWatcher): Promise<{ data: Buffer; version: number } | undefined>
  getChildren(path: string, watch: ZkWatcher): Promise<string[] | undefined>
  /** whether it exists; leaves a watch that fires when it is created */
  exists(path: string, watch: ZkWatcher): Promise<boolean>
}

export type ZkEventType = 'created' | 'deleted' | 'data' | 'children'
export type ZkWatcher = (type: ZkEventType) => void

interface Znode {
  data?: Buffer
  version: number
  children: Set<string>
}

const childPath = (parent: string, child: string) => (parent === '/' ? `/${child}` : `${parent}/${child}`)
const parentOf = (path: string) => {
  const cut = path.lastIndexOf('/')
  return cut <= 0 ? '/' : path.slice(0, cut)
}

/**
 * A ZooKeeper subtree kept current with one-time watches, re-armed by the read each watch triggers. ZooKeeper tells
 * that a znode changed, not to what: the read after a notification gets the latest value, so changes made between
 * a notification and that read arrive as one (a key rewritten twice quickly is one change; a key deleted and
 * created again in between is a change of value). Within a session ZooKeeper keeps the watches across reconnects
 * and replays what was missed; a new session reads the tree again (`resync`).
 *
 * A znode is a key as the listing defines it: when it holds data, or is an empty leaf (not the subtree's root).
 */
export class ZkTreeWatch {
  private readonly nodes = new Map<string, Znode>()
  private readonly watchers = new Map<string, ZkWatcher>()
  private readonly mirror = new WatchMirror()
  /** notifications are handled one at a time, in the order they came */
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly root: string,
    private readonly reads: ZkWatchReads,
    /** a batch of changes, in order */
    private readonly onChanges: (changes: KvChange[]) => void,
    /** a read after a notification failed (the connection is gone): the caller reads the tree again once back */
    private readonly onFailure: (e: Error) => void,
  ) {}

  /** Reads the whole subtree, arming a watch on every znode; returns the records (the first snapshot). */
  async start(): Promise<KvRecord[]> {
    await this.readTree()
    const records = this.records()
    this.mirror.apply({ kind: 'snapshot', records, resync: false })
    return records
  }

  /** Reads the whole subtree again (after a lost session or a failed read): what differs is reported as changes. */
  async resync(): Promise<void> {
    this.nodes.clear()
    this.watchers.clear()
    await this.readTree()
    this.report()
  }

  private async readTree(): Promise<void> {
    if (await this.reads.exists(this.root, this.watcherOf(this.root))) await this.arm(this.root)
  }

  /** One watcher function per path: ZooKeeper's client keeps one registration per function, never duplicates. */
  private watcherOf(path: string): ZkWatcher {
    let watcher = this.watchers.get(path)
    if (!watcher) {
      watcher = (type) => this.enqueue(() => this.notified(path, type))
      this.watchers.set(path, watcher)
    }
    return watcher
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((e: unknown) => this.onFailure(e as Error))
  }

  private async notified(path: string, type: ZkEventType): Promise<void> {
    switch (type) {
      case 'created':
        await this.arm(path)
        break
      case 'deleted':
        this.forget(path)
        // it may be there again already (Patroni re-creates a member's znode at once), and the parent's notification
        // of that may have been handled before this one: read it again; a znode that is really gone leaves no watch
        if (path === this.root) await this.readTree()
        else if (this.nodes.has(parentOf(path))) await this.arm(path)
        break
      case 'data': {
        const read = await this.reads.getData(path, this.watcherOf(path))
        const node = this.nodes.get(path)
        if (read === undefined) this.forget(path)
        else if (node) Object.assign(node, { data: read.data, version: read.version })
        break
      }
      case 'children':
        await this.readChildren(path)
        break
    }
    this.report()
  }

  /** Reads a znode and everything under it, leaving watches on each. */
  private async arm(path: string): Promise<void> {
    const watcher = this.watcherOf(path)
    const [read, children] = await Promise.all([
      this.reads.getData(path, watcher),
      this.reads.getChildren(path, watcher),
    ])
    if (read === undefined || children === undefined) {
      this.forget(path)
      return
    }
    this.nodes.set(path, { data: read.data, version: read.version, children: new Set(children) })
    if (path !== this.root) this.nodes.get(parentOf(path))?.children.add(path.slice(path.lastIndexOf('/') + 1))
    await Promise.all(children.map((child) => this.arm(childPath(path, child))))
  }

  private async readChildren(path: string): Promise<void> {
    const node = this.nodes.get(path)
    const children = await this.reads.getChildren(path, this.watcherOf(path))
    if (!node || children === undefined) return
    const added = children.filter((c) => !node.children.has(c))
    for (const gone of [...node.children].filter((c) => !children.includes(c))) this.forget(childPath(path, gone))
    node.children = new Set(children)
    await Promise.all(added.map((child) => this.arm(childPath(path, child))))
  }

  /**
   * A znode and its subtree are gone. Its parent forgets it as a child too, so a znode created again under the same
   * name (Patroni re-creates a member's ephemeral znode) is read anew when the parent's children change.
   */
  private forget(path: string): void {
    for (const p of [...this.nodes.keys()]) if (p === path || p.startsWith(`${path}/`)) this.nodes.delete(p)
    this.nodes.get(parentOf(path))?.children.delete(path.slice(path.lastIndexOf('/') + 1))
  }

  /** The keys as the znodes now are. */
  private records(): KvRecord[] {
    const records: KvRecord[] = []
    for (const [path, node] of this.nodes) {
      if (path === this.root) continue
      if (node.data !== undefined && node.data.length > 0)
        records.push({ key: path, value: node.data.toString('utf8'), version: String(node.version) })
      else if (node.children.size === 0) records.push({ key: path, value: '', version: String(node.version) })
    }
    return records.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  /** What changed since the last report, reported. */
  private report(): void {
    const changes = this.mirror.diff(this.records())
    if (changes.length === 0) return
    this.mirror.apply({ kind: 'changes', changes })
    this.onChanges(changes)
  }
}
