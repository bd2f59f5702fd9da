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

/** How a patronictl release names roles and states (list's Role and State columns). */
export interface RoleRules {
  /** a member listed in /sync is a Sync Standby even with synchronous mode off (before 3.3.1) */
  readonly syncWhenListed: boolean
  /** quorum mode names Quorum Standby (4.0 on); before, a listed member is a Sync Standby */
  readonly quorum: boolean
  /** a replica's State is its replication state when it publishes one (3.0.4 on) */
  readonly stateFromReplication: boolean
}

/** The newest rules: ptctl's own, and patronictl 4's. */
export const NEWEST_ROLE_RULES: RoleRules = { syncWhenListed: false, quorum: true, stateFromReplication: true }

export function memberRole(cluster: Cluster, name: string, rules: RoleRules = NEWEST_ROLE_RULES): ClusterRole {
  if (cluster.leader?.value === name) return isStandbyCluster(cluster) ? 'standby_leader' : 'leader'
  const mode = synchronousMode(cluster)
  if ((mode !== 'off' || rules.syncWhenListed) && cluster.sync) {
    const lower = name.toLowerCase()
    if (cluster.sync.value.syncStandbys.some((s) => s.toLowerCase() === lower)) {
      return mode === 'quorum' && rules.quorum ? 'quorum_standby' : 'sync_standby'
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
