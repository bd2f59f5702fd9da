/** Patroni's key layout: `/<namespace>/<scope>/...` with repeated slashes collapsed. */
export function namespacePrefix(namespace: string): string {
  return `/${namespace}/`.replace(/\/+/g, '/')
}

/** `/<namespace>/<scope>/`, or `/<namespace>/<scope>/<group>/` for a Citus group. */
export function clusterPrefix(namespace: string, scope: string, group?: number): string {
  return `/${namespace}/${scope}/${group !== undefined ? `${group}/` : ''}`.replace(/\/+/g, '/')
}

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
