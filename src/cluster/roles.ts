import { isOn } from '../values.js'
import type { Cluster } from './types.js'

/** Roles as patronictl's `list` computes them (cluster_as_json). */
export const CLUSTER_ROLES = ['leader', 'standby_leader', 'sync_standby', 'quorum_standby', 'replica'] as const
export type ClusterRole = (typeof CLUSTER_ROLES)[number]

export function roleTitle(role: ClusterRole): string {
  switch (role) {
    case 'leader':
      return 'Leader'
    case 'standby_leader':
      return 'Standby Leader'
    case 'sync_standby':
      return 'Sync Standby'
    case 'quorum_standby':
      return 'Quorum Standby'
    case 'replica':
      return 'Replica'
  }
}

export function isPaused(cluster: Cluster): boolean {
  return isOn(cluster.config?.value['pause'])
}

/** A standby cluster follows a remote primary: `standby_cluster` with host, port or restore_command. */
export function isStandbyCluster(cluster: Cluster): boolean {
  const sc = cluster.config?.value['standby_cluster']
  if (typeof sc !== 'object' || sc === null) return false
  const s = sc as Record<string, unknown>
  return Boolean(s['host'] || s['port'] || s['restore_command'])
}

export function synchronousMode(cluster: Cluster): 'off' | 'on' | 'quorum' {
  const v = cluster.config?.value['synchronous_mode']
  if (typeof v === 'string' && v.toLowerCase() === 'quorum') return 'quorum'
  return isOn(v) ? 'on' : 'off'
}

export function memberRole(cluster: Cluster, name: string): ClusterRole {
  if (cluster.leader?.value === name) return isStandbyCluster(cluster) ? 'standby_leader' : 'leader'
  const mode = synchronousMode(cluster)
  if (mode !== 'off' && cluster.sync) {
    const lower = name.toLowerCase()
    if (cluster.sync.value.syncStandbys.some((s) => s.toLowerCase() === lower)) {
      return mode === 'quorum' ? 'quorum_standby' : 'sync_standby'
    }
  }
  return 'replica'
}

/** The cluster's own loop_wait (its dynamic config), which patronictl quotes in messages; undefined when unset. */
export function clusterLoopWait(cluster: Cluster): number | undefined {
  const v = cluster.config?.value['loop_wait']
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN
  return Number.isFinite(n) && n > 0 ? n : undefined
}
