import { ActionError, AgentUnreachableError } from '../errors.js'
import { noRoleAmongProvided } from '../output/patronictl-words.js'
import type { PatroniVersion } from './generation.js'
import { hasRole, type CtlRole } from './select.js'
import { membersOf, singleCluster, type ClusterGroups } from './citus.js'
import type { Cluster, Member } from './types.js'

const viewOf = (target: Cluster | ClusterGroups): ClusterGroups => ('groups' in target ? target : singleCluster(target))

/**
 * patronictl's first check, before it prints the table: with no member named, some member must have the role
 * (`<cluster> cluster doesn't have any members`, also when members exist but none has the role).
 */
export function assertCandidates(target: Cluster | ClusterGroups, names: readonly string[], role: CtlRole): void {
  const view = viewOf(target)
  if (names.length > 0) return
  const all = membersOf(view)
  if (all.some((x) => hasRole(x.cluster, x.member, role))) return
  const doesNotHave = `${view.scope} cluster doesn't have any members`
  throw new ActionError(
    all.length === 0 ? doesNotHave : `No ${role} among the members of cluster ${view.scope}`,
  ).saying({ message: doesNotHave })
}

/**
 * patronictl's get_members: the named members that have the role, or every member with the role when no names are
 * given (of every Citus group when no group was chosen). A name that is not a member is an error for ptctl
 * (`unknownNames: 'error'`); patronictl leaves it out and acts on the others (`ignore`), in the words of its release.
 */
export function selectMembers(
  target: Cluster | ClusterGroups,
  names: readonly string[],
  role: CtlRole,
  o: { unknownNames?: 'error' | 'ignore'; version?: PatroniVersion; reinit?: boolean } = {},
): Member[] {
  const view = viewOf(target)
  const all = membersOf(view)
  const withRole = all.filter((x) => hasRole(x.cluster, x.member, role)).map((x) => x.member)
  if (names.length === 0) {
    assertCandidates(view, names, role)
    return withRole
  }
  if ((o.unknownNames ?? 'error') === 'error') {
    for (const name of names) {
      if (!all.some((x) => x.member.name === name)) throw new ActionError(`${name} is not a member of cluster`)
    }
  }
  const selected = withRole.filter((m) => names.includes(m.name))
  if (selected.length === 0)
    throw new ActionError(`No ${role} among provided members`).saying({
      message: noRoleAmongProvided(role, o.version ?? [3, 0, 2], o.reinit === true),
    })
  return selected
}

/**
 * The member's agent; one without a usable api_url fails that member only (nothing was sent), as an agent that
 * cannot be reached does.
 */
export function agentOf(member: Member): { name: string; apiUrl: string } {
  if (member.apiUrl === undefined)
    throw new AgentUnreachableError(member.name, '(no REST API)', member.apiUrlProblem ?? 'it publishes no api_url')
  return { name: member.name, apiUrl: member.apiUrl }
}
