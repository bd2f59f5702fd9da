import { groupByScope, parseCluster } from '../cluster/parse.js'
import type { Cluster, FailoverRequest } from '../cluster/types.js'
import type { Dcs } from './dcs.js'
import type { KvStore } from './kv-store.js'
import { ClusterKey, clusterPrefix, namespacePrefix } from './paths.js'

/** Dcs over any KvStore: Patroni's key layout and JSON encodings live here, the wire format in the store. */
export class KvDcs implements Dcs {
  constructor(
    private readonly store: KvStore,
    private readonly namespace: string,
  ) {}

  get description(): string {
    return this.store.description
  }

  async getCluster(scope: string): Promise<Cluster> {
    const prefix = clusterPrefix(this.namespace, scope)
    return parseCluster(scope, prefix, await this.store.list(prefix))
  }

  async getAllClusters(): Promise<Cluster[]> {
    const prefix = namespacePrefix(this.namespace)
    const groups = groupByScope(prefix, await this.store.list(prefix))
    return [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([scope, records]) => parseCluster(scope, clusterPrefix(this.namespace, scope), records))
  }

  async setConfig(scope: string, config: Readonly<Record<string, unknown>>, expectedVersion: string): Promise<void> {
    await this.store.put(
      clusterPrefix(this.namespace, scope) + ClusterKey.config,
      JSON.stringify(config),
      expectedVersion,
    )
  }

  async setFailover(scope: string, request: FailoverRequest, expectedVersion?: string): Promise<void> {
    const value = JSON.stringify({
      ...(request.leader !== undefined ? { leader: request.leader } : {}),
      ...(request.member !== undefined ? { member: request.member } : {}),
      ...(request.scheduledAt !== undefined ? { scheduled_at: request.scheduledAt } : {}),
    })
    await this.store.put(clusterPrefix(this.namespace, scope) + ClusterKey.failover, value, expectedVersion)
  }

  async deleteCluster(scope: string): Promise<void> {
    await this.store.deletePrefix(clusterPrefix(this.namespace, scope))
  }

  async close(): Promise<void> {
    await this.store.close()
  }
}
