import type { Cluster, Member } from './types.js'

/** Whether a command works on a Citus cluster, and on which group (none: every group). */
export interface CitusChoice {
  readonly citus: boolean
  readonly group?: number
}

export const NOT_CITUS: CitusChoice = { citus: false }

/** A cluster as a command sees it: one cluster, or the groups of a Citus cluster (0, the coordinator, first). */
export interface ClusterGroups {
  readonly scope: string
  readonly groups: readonly Cluster[]
  /** a Citus cluster: a Group column and a "Citus cluster" title */
  readonly citus: boolean
  /** the one group chosen with --group */
  readonly group?: number
}

/** A plain (non-Citus) cluster as ClusterGroups. */
export function singleCluster(cluster: Cluster): ClusterGroups {
  return { scope: cluster.scope, groups: [cluster], citus: false }
}

/** Every member of every group, with the group's cluster (roles are per group). */
export function membersOf(view: ClusterGroups): Array<{ readonly cluster: Cluster; readonly member: Member }> {
  return view.groups.flatMap((cluster) => cluster.members.map((member) => ({ cluster, member })))
}

/** patronictl's refusal where a Citus command needs one group. */
export const CITUS_GROUP_REQUIRED = 'For Citus clusters the --group must me specified'
