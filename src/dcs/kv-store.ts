import type { KvRecord } from '../cluster/key-layout.js'

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
  close(): Promise<void>
}
