/** One key as a KV backend holds it. `version` is opaque: etcd mod_revision, ZooKeeper stat.version, Consul ModifyIndex. */
export interface KvRecord {
  readonly key: string
  readonly value: string
  readonly version: string
}

/**
 * What a KV backend offers ptctl. Keys are absolute paths with a leading slash on every backend;
 * adapters translate to their wire format. Every call is bounded by the adapter's deadline and
 * throws DcsUnreachableError when the store cannot be reached.
 */
export interface KvStore {
  /** endpoints, for messages */
  readonly description: string
  /** one consistent (linearizable where the store offers it) read of every key under `prefix` */
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
