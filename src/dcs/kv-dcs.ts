import { groupByCitusGroup, groupByScope, parseCluster } from '../cluster/parse.js'
import type { Cluster, ClusterAddress, FailoverRequest } from '../cluster/types.js'
import type { Dcs } from './dcs.js'
import type { KvStore } from './kv-store.js'
import { ClusterKey, clusterPrefix, namespacePrefix } from '../cluster/key-layout.js'

/** Dcs over any KvStore: Patroni's key layout and JSON encodings live here, the wire format in the store. */
export class KvDcs implements Dcs {
  constructor(
    private readonly store: KvStore,
    private readonly namespace: string,
  ) {}

  get description(): string {
    return this.store.description
  }

  async getCluster(scope: string, group?: number): Promise<Cluster> {
    const prefix = clusterPrefix(this.namespace, scope, group)
    return parseCluster(scope, prefix, await this.store.list(prefix), group)
  }

  async getCitusGroups(scope: string): Promise<Cluster[]> {
    const prefix = clusterPrefix(this.namespace, scope)
    const groups = groupByCitusGroup(prefix, await this.store.list(prefix))
    return [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([group, records]) => parseCluster(scope, clusterPrefix(this.namespace, scope, group), records, group))
  }

  async getAllClusters(citus = false): Promise<Cluster[]> {
    const prefix = namespacePrefix(this.namespace)
    const byScope = [...groupByScope(prefix, await this.store.list(prefix)).entries()].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )
    return byScope.flatMap(([scope, records]) => {
      const scopePrefix = clusterPrefix(this.namespace, scope)
      if (!citus) return [parseCluster(scope, scopePrefix, records)]
      return [...groupByCitusGroup(scopePrefix, records).entries()]
        .sort(([a], [b]) => a - b)
        .map(([group, own]) => parseCluster(scope, clusterPrefix(this.namespace, scope, group), own, group))
    })
  }

  private prefixOf(cluster: ClusterAddress): string {
    return clusterPrefix(this.namespace, cluster.scope, cluster.group)
  }

  async setConfig(
    cluster: ClusterAddress,
    config: Readonly<Record<string, unknown>>,
    expectedVersion: string,
  ): Promise<void> {
    await this.store.put(this.prefixOf(cluster) + ClusterKey.config, JSON.stringify(config), expectedVersion)
  }

  async setFailover(cluster: ClusterAddress, request: FailoverRequest, expectedVersion?: string): Promise<void> {
    const value = JSON.stringify({
      ...(request.leader !== undefined ? { leader: request.leader } : {}),
      ...(request.member !== undefined ? { member: request.member } : {}),
      ...(request.scheduledAt !== undefined ? { scheduled_at: request.scheduledAt } : {}),
    })
    await this.store.put(this.prefixOf(cluster) + ClusterKey.failover, value, expectedVersion)
  }

  async deleteCluster(cluster: ClusterAddress): Promise<void> {
    await this.store.deletePrefix(this.prefixOf(cluster))
  }

  async close(): Promise<void> {
    await this.store.close()
  }
}
