import { atLeast, type PatroniVersion } from '../cluster/generation.js'

/**
 * Messages whose words changed across patronictl releases, for drop-in mode: what the patronictl of a generation
 * says. Each function names the releases that changed it.
 */

/**
 * The role as get_members names it: quoted (its repr) from 3.3.11, 4.0.10 and 4.1.4 on, except reinit's role from
 * 4.1 on, an enum whose repr is its bare value.
 */
function roleInMessage(role: string, v: PatroniVersion, reinit: boolean): string {
  const [major, minor] = v
  if (reinit && atLeast(v, [4, 1, 0])) return role
  const quoted =
    atLeast(v, [4, 1, 4]) ||
    (major === 4 && minor === 0 && atLeast(v, [4, 0, 10])) ||
    (major === 3 && minor === 3 && atLeast(v, [3, 3, 11]))
  return quoted ? `'${role}'` : role
}

export const noRoleAmongProvided = (role: string, v: PatroniVersion, reinit = false): string =>
  `No ${roleInMessage(role, v, reinit)} among provided members`

/** A candidate that is not one: 3.2 added "or is tagged as nofailover". */
export const notACandidate = (member: string, scope: string, v: PatroniVersion): string =>
  atLeast(v, [3, 2, 0])
    ? `Member ${member} does not exist in cluster ${scope} or is tagged as nofailover`
    : `Member ${member} does not exist in cluster ${scope}`

/** The candidate is the leader: 3.2 named it, before it was "target and source are the same". */
export const candidateIsLeader = (
  action: 'switchover' | 'failover',
  member: string,
  scope: string,
  v: PatroniVersion,
): string =>
  atLeast(v, [3, 2, 0])
    ? `Member ${member} is already the leader of cluster ${scope}`
    : `${action === 'switchover' ? 'Switchover' : 'Failover'} target and source are the same.`
