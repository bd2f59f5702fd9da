import { ActionError } from '../errors.js'
import { hasRole, type CtlRole } from './select.js'
import type { Cluster, Member } from './types.js'

/**
 * patronictl's get_members: the named members that have the role, or every member with the role when no names
 * are given. Errors carry patronictl's messages.
 */
export function selectMembers(cluster: Cluster, names: readonly string[], role: CtlRole): Member[] {
  const withRole = cluster.members.filter((m) => hasRole(cluster, m, role))
  if (names.length === 0) {
    if (withRole.length === 0) {
      if (cluster.members.length === 0) throw new ActionError(`${cluster.scope} cluster doesn't have any members`)
      throw new ActionError(`No ${role} among the members of cluster ${cluster.scope}`)
    }
    return withRole
  }
  for (const name of names) {
    if (!cluster.members.some((m) => m.name === name)) throw new ActionError(`${name} is not a member of cluster`)
  }
  const selected = withRole.filter((m) => names.includes(m.name))
  if (selected.length === 0) throw new ActionError(`No ${role} among provided members`)
  return selected
}

export function agentOf(member: Member): { name: string; apiUrl: string } {
  if (member.apiUrl === undefined) throw new ActionError(`Member ${member.name} publishes no REST API url`)
  return { name: member.name, apiUrl: member.apiUrl }
}
