import type { KvRecord } from './kv-store.js'
import type { DcsProbe } from './endpoint-probe.js'
import type { Cluster, ClusterAddress, FailoverRequest } from '../cluster/types.js'
import type { KvWatchOptions } from './kv-watch.js'

/** The clusters a watch follows: named ones (`scopes`), or every cluster of the namespace. */
export interface WatchTarget {
  readonly scopes?: readonly string[]
  /** each Citus group is a cluster of its own; `group` keeps one */
  readonly citus: boolean
  readonly group?: number
}

/** What a cluster watch reports: the clusters as they are after each change, or the watch's own state. */
export type DcsWatchEvent =
  | {
      readonly kind: 'clusters'
      readonly clusters: readonly Cluster[]
      /** everything was read again after a gap: changes in the gap may have been coalesced */
      readonly resync: boolean
    }
  | { readonly kind: 'reconnecting'; readonly reason: string }
  | { readonly kind: 'resumed'; readonly how: string }

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
  /**
   * Follows the clusters with the store's own change notifications (see KvStore.watch): the first event is the
   * clusters as they are, then one after each change, until `o.signal` aborts.
   */
  watchClusters(target: WatchTarget, onEvent: (event: DcsWatchEvent) => void, o: KvWatchOptions): Promise<void>
  /** every key of the cluster as stored (support bundles), in the store's order */
  listKeys(cluster: ClusterAddress): Promise<KvRecord[]>
  /** every endpoint asked on its own (doctor): who answers, how fast, and what the DCS says of itself */
  probeEndpoints(): Promise<DcsProbe>
  close(): Promise<void>
}
