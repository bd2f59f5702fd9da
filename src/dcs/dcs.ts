import type { Cluster, FailoverRequest } from '../cluster/types.js'

/** What ptctl needs from a DCS, in Patroni's terms. Implemented once over any KvStore (KvDcs). */
export interface Dcs {
  readonly description: string
  /** one consistent read of the cluster's prefix */
  getCluster(scope: string): Promise<Cluster>
  /** every cluster in the namespace, from one read, sorted by scope */
  getAllClusters(): Promise<Cluster[]>
  /** compare-and-set on the config key's version; a lost race throws VersionConflictError */
  setConfig(scope: string, config: Readonly<Record<string, unknown>>, expectedVersion: string): Promise<void>
  /** writes the failover key; compare-and-set when `expectedVersion` is given, unconditional otherwise */
  setFailover(scope: string, request: FailoverRequest, expectedVersion?: string): Promise<void>
  /** deletes every key of the cluster (not compare-and-set) */
  deleteCluster(scope: string): Promise<void>
  close(): Promise<void>
}
