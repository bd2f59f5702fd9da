/** Patroni's key layout: `/<namespace>/<scope>/...` with repeated slashes collapsed. */
export function namespacePrefix(namespace: string): string {
  return `/${namespace}/`.replace(/\/+/g, '/')
}

/** `/<namespace>/<scope>/`, or `/<namespace>/<scope>/<group>/` for a Citus group. */
export function clusterPrefix(namespace: string, scope: string, group?: number): string {
  return `/${namespace}/${scope}/${group !== undefined ? `${group}/` : ''}`.replace(/\/+/g, '/')
}

/** The keys Patroni writes under a cluster's prefix. */
export const ClusterKey = {
  initialize: 'initialize',
  config: 'config',
  leader: 'leader',
  members: 'members/',
  failover: 'failover',
  sync: 'sync',
  history: 'history',
  status: 'status',
  legacyOptime: 'optime/leader',
  failsafe: 'failsafe',
} as const

/** One key as a KV backend holds it. `version` is opaque: etcd mod_revision, ZooKeeper stat.version, Consul ModifyIndex. */
export interface KvRecord {
  readonly key: string
  readonly value: string
  readonly version: string
}
