import type { Cluster, ClusterAddress, FailoverRequest } from '../cluster/types.js'

/**
 * What ptctl needs from a DCS, in Patroni's terms. Implemented once over any KvStore (KvDcs). A Citus cluster keeps
 * each group's keys under `<scope>/<group>/`; writes go to the address of the cluster that was read.
 */
export interface Dcs {
  readonly description: string
  /** one read of the cluster's prefix (of one Citus group with `group`); see KvStore.list for its consistency */
  getCluster(scope: string, group?: number): Promise<Cluster>
  /** every group of a Citus cluster from one read, sorted by group (0, the coordinator, first) */
  getCitusGroups(scope: string): Promise<Cluster[]>
  /** every cluster in the namespace (with `citus`, every group of every cluster), from one read, sorted by scope */
  getAllClusters(citus?: boolean): Promise<Cluster[]>
  /** compare-and-set on the config key's version; a lost race throws VersionConflictError */
  setConfig(cluster: ClusterAddress, config: Readonly<Record<string, unknown>>, expectedVersion: string): Promise<void>
  /** writes the failover key; compare-and-set when `expectedVersion` is given, unconditional otherwise */
  setFailover(cluster: ClusterAddress, request: FailoverRequest, expectedVersion?: string): Promise<void>
  /** deletes every key of the cluster (of the Citus group, for a group); not compare-and-set */
  deleteCluster(cluster: ClusterAddress): Promise<void>
  close(): Promise<void>
}
