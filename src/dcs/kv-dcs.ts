import { groupByCitusGroup, groupByScope, parseCluster } from '../cluster/parse.js'
import type { Cluster, ClusterAddress, FailoverRequest } from '../cluster/types.js'
import type { Dcs, DcsWatchEvent, WatchTarget } from './dcs.js'
import type { DcsProbe } from './endpoint-probe.js'
import type { KvRecord, KvStore } from './kv-store.js'
import { WatchMirror, type KvWatchOptions } from './kv-watch.js'
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

  listKeys(cluster: ClusterAddress): Promise<KvRecord[]> {
    return this.store.list(clusterPrefix(this.namespace, cluster.scope, cluster.group))
  }

  async probeEndpoints(): Promise<DcsProbe> {
    if (this.store.probeEndpoints) return this.store.probeEndpoints()
    // one timed read through the store's own choice of server
    const started = performance.now()
    try {
      await this.store.list(`${namespacePrefix(this.namespace)}ptctl-probe`)
      return {
        kind: this.store.description.split(' ')[0] ?? '',
        endpoints: [{ endpoint: this.store.description, ok: true, ms: Math.round(performance.now() - started) }],
      }
    } catch (e) {
      return {
        kind: this.store.description.split(' ')[0] ?? '',
        endpoints: [{ endpoint: this.store.description, ok: false, error: (e as Error).message }],
      }
    }
  }

  async getCluster(scope: string, group?: number): Promise<Cluster> {
    const prefix = clusterPrefix(this.namespace, scope, group)
    return parseCluster(scope, prefix, await this.store.list(prefix), group)
  }

  async getCitusGroups(scope: string): Promise<Cluster[]> {
    return this.citusGroups(scope, await this.store.list(clusterPrefix(this.namespace, scope)))
  }

  async getAllClusters(citus = false): Promise<Cluster[]> {
    return this.allClusters(await this.store.list(namespacePrefix(this.namespace)), citus)
  }

  private citusGroups(scope: string, records: readonly KvRecord[]): Cluster[] {
    return [...groupByCitusGroup(clusterPrefix(this.namespace, scope), records).entries()]
      .sort(([a], [b]) => a - b)
      .map(([group, own]) => parseCluster(scope, clusterPrefix(this.namespace, scope, group), own, group))
  }

  private allClusters(records: readonly KvRecord[], citus: boolean): Cluster[] {
    const byScope = [...groupByScope(namespacePrefix(this.namespace), records).entries()].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )
    return byScope.flatMap(([scope, own]) =>
      citus ? this.citusGroups(scope, own) : [parseCluster(scope, clusterPrefix(this.namespace, scope), own)],
    )
  }

  /** The clusters a watch follows, parsed from what it mirrors (a named cluster that is absent is an empty one). */
  private watchedClusters(records: readonly KvRecord[], target: WatchTarget): Cluster[] {
    if (target.scopes === undefined) {
      const all = this.allClusters(records, target.citus)
      return target.group === undefined ? all : all.filter((c) => c.group === target.group)
    }
    return target.scopes.flatMap((scope) => {
      if (target.citus && target.group === undefined) return this.citusGroups(scope, records)
      const prefix = clusterPrefix(this.namespace, scope, target.group)
      return [parseCluster(scope, prefix, records, target.group)]
    })
  }

  /** One watch of the narrowest prefix that holds the target: the cluster's own, or the whole namespace. */
  async watchClusters(target: WatchTarget, onEvent: (event: DcsWatchEvent) => void, o: KvWatchOptions): Promise<void> {
    const [only] = target.scopes ?? []
    const prefix =
      target.scopes?.length === 1 && only !== undefined
        ? clusterPrefix(this.namespace, only, target.citus ? target.group : undefined)
        : namespacePrefix(this.namespace)
    const mirror = new WatchMirror()
    await this.store.watch(
      prefix,
      (event) => {
        if (event.kind === 'reconnecting' || event.kind === 'resumed') {
          onEvent(event)
          return
        }
        if (!mirror.apply(event)) return
        const clusters = this.watchedClusters(mirror.list(), target)
        onEvent({ kind: 'clusters', clusters, resync: event.kind === 'snapshot' && event.resync })
      },
      o,
    )
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
