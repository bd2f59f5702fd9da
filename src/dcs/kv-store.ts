import type { DcsProbe } from './endpoint-probe.js'
import type { KvRecord } from '../cluster/key-layout.js'
import type { KvWatchEvent, KvWatchOptions } from './kv-watch.js'

export type { KvRecord }

/**
 * What a KV backend offers ptctl. Keys are absolute paths with a leading slash on every backend;
 * adapters translate to their wire format. Every call is bounded by the adapter's deadline and
 * throws DcsUnreachableError when the store cannot be reached.
 */
export interface KvStore {
  /** endpoints, for messages */
  readonly description: string
  /**
   * every key under `prefix`. What "one read" guarantees differs: etcd v3 answers one linearizable range read; etcd v2
   * one quorum read of the directory; Consul one `?recurse&consistent` read; ZooKeeper has no range read, so each
   * znode is read on its own (in parallel): a key written between two of those reads may show its old or its new
   * value, as with Patroni's own ZooKeeper client.
   */
  list(prefix: string): Promise<KvRecord[]>
  /**
   * Writes `value`. With `expectedVersion` it is a compare-and-set: a lost race throws VersionConflictError.
   * Without it the write is unconditional.
   */
  put(key: string, value: string, expectedVersion?: string): Promise<void>
  /** deletes every key under `prefix` (recursive on hierarchical stores) */
  deletePrefix(prefix: string): Promise<void>
  /**
   * Reports the keys under `prefix` (a snapshot first) and then their changes, with the store's own notification
   * mechanism, until `o.signal` aborts (the promise resolves). A first read that fails throws as `list` does; later,
   * a lost store is reported (`reconnecting`, then `resumed`) and tried again until `o.giveUpAfterMs` has passed
   * (DcsUnreachableError). etcd v3 and v2 report every change in order; ZooKeeper and Consul report the latest value
   * of each key (two quick changes of one key may arrive as one): see each adapter.
   */
  watch(prefix: string, onEvent: (event: KvWatchEvent) => void, o: KvWatchOptions): Promise<void>
  /** each endpoint asked on its own (doctor); a store without it is judged by one timed read */
  probeEndpoints?(): Promise<DcsProbe>
  close(): Promise<void>
}
