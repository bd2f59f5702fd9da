import type { Cluster, Member } from './types.js'

/** Values of patronictl's -r/--role (3.x's `master` included). */
export const CTL_ROLES = ['leader', 'primary', 'standby-leader', 'replica', 'standby', 'any', 'master'] as const
export type CtlRole = (typeof CTL_ROLES)[number]

export function isCtlRole(value: string): value is CtlRole {
  return (CTL_ROLES as readonly string[]).includes(value)
}

/** Does `member` have `role` in the sense of patronictl's get_all_members? Judged from the DCS data. */
export function hasRole(cluster: Cluster, member: Member, role: CtlRole): boolean {
  const isLeader = cluster.leader?.value === member.name
  switch (role) {
    case 'any':
      return true
    case 'leader':
      return isLeader
    case 'primary':
    case 'master':
      return isLeader && member.role !== 'standby_leader'
    case 'standby-leader':
      return isLeader && member.role !== 'primary' && member.role !== 'master'
    case 'replica':
    case 'standby':
      return !isLeader
  }
}

export function membersWithRole(cluster: Cluster, role: CtlRole): Member[] {
  return cluster.members.filter((m) => hasRole(cluster, m, role))
}
