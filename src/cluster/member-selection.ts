import { ActionError } from '../errors.js'
import { hasRole, type CtlRole } from './select.js'
import { membersOf, singleCluster, type ClusterGroups } from './citus.js'
import type { Cluster, Member } from './types.js'

/**
 * patronictl's get_members: the named members that have the role, or every member with the role when no names
 * are given (of every Citus group when no group was chosen). Errors carry patronictl's messages.
 */
export function selectMembers(target: Cluster | ClusterGroups, names: readonly string[], role: CtlRole): Member[] {
  const view = 'groups' in target ? target : singleCluster(target)
  const all = membersOf(view)
  const withRole = all.filter((x) => hasRole(x.cluster, x.member, role)).map((x) => x.member)
  if (names.length === 0) {
    if (withRole.length === 0) {
      if (all.length === 0) throw new ActionError(`${view.scope} cluster doesn't have any members`)
      throw new ActionError(`No ${role} among the members of cluster ${view.scope}`)
    }
    return withRole
  }
  for (const name of names) {
    if (!all.some((x) => x.member.name === name)) throw new ActionError(`${name} is not a member of cluster`)
  }
  const selected = withRole.filter((m) => names.includes(m.name))
  if (selected.length === 0) throw new ActionError(`No ${role} among provided members`)
  return selected
}

export function agentOf(member: Member): { name: string; apiUrl: string } {
  if (member.apiUrl === undefined) throw new ActionError(`Member ${member.name} publishes no REST API url`)
  return { name: member.name, apiUrl: member.apiUrl }
}
