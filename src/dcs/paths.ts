/** Patroni's key layout: `/<namespace>/<scope>/...` with repeated slashes collapsed. */
export function namespacePrefix(namespace: string): string {
  return `/${namespace}/`.replace(/\/+/g, '/')
}

export function clusterPrefix(namespace: string, scope: string): string {
  return `/${namespace}/${scope}/`.replace(/\/+/g, '/')
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
