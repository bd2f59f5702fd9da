import { ActionError } from '../errors.js'
import { checkCandidates, describeEligibility, isNoFailover, type Eligibility } from './candidates.js'
import { isPaused } from './roles.js'
import type { Scheduled } from './schedule.js'
import type { Cluster } from './types.js'
import { NEWEST_EMULATED, type PatroniVersion } from './generation.js'
import { candidateIsLeader, notACandidate } from '../output/patronictl-words.js'

export type FailoverAction = 'switchover' | 'failover'

/** Members patronictl offers as candidates: everyone but the leader, without the nofailover tag, by name. */
export function candidateNames(cluster: Cluster): string[] {
  return cluster.members.filter((m) => m.name !== cluster.leader?.value && !isNoFailover(m)).map((m) => m.name)
}

/** Checks the leader (switchover) with patronictl's messages; returns the leader's name. */
export function checkLeader(cluster: Cluster, given: string | undefined): string {
  const leader = cluster.leader?.value
  if (leader === undefined) throw new ActionError('This cluster has no leader')
  if (given !== undefined && given !== leader)
    throw new ActionError(`Member ${given} is not the leader of cluster ${cluster.scope}`)
  return leader
}

/** Checks there is someone to hand over to, with patronictl's message. */
export function checkHasCandidates(cluster: Cluster, action: FailoverAction): string[] {
  const names = candidateNames(cluster)
  if (names.length === 0) throw new ActionError(`No candidates found to ${action} to`)
  return names
}

/**
 * Checks a named candidate with patronictl's messages (in the words of the release answered as, `version`), then
 * ptctl's pre-flight (`preflight`): a candidate Patroni would refuse (not running, lagging, not the sync standby, no
 * REST API) is refused here with the reasons, before anything is sent. patronictl sends it and prints the refusal.
 */
export function checkCandidate(
  cluster: Cluster,
  action: FailoverAction,
  candidate: string | undefined,
  o: { preflight: boolean; version: PatroniVersion } = { preflight: true, version: NEWEST_EMULATED },
): Eligibility[] {
  const checks = checkCandidates(cluster, action)
  if (candidate === undefined) {
    if (action === 'failover') throw new ActionError('Failover could be performed only to a specific candidate')
    if (o.preflight && !checks.some((c) => c.eligible)) {
      throw new ActionError(
        `No eligible candidate for ${action}: ${checks
          .filter((c) => c.name !== cluster.leader?.value)
          .map(describeEligibility)
          .join('; ')}`,
      )
    }
    return checks
  }
  if (!candidateNames(cluster).includes(candidate)) {
    if (candidate === cluster.leader?.value)
      throw new ActionError(`Member ${candidate} is already the leader of cluster ${cluster.scope}`).saying({
        message: candidateIsLeader(action, candidate, cluster.scope, o.version),
      })
    throw new ActionError(
      `Member ${candidate} does not exist in cluster ${cluster.scope} or is tagged as nofailover`,
    ).saying({ message: notACandidate(candidate, cluster.scope, o.version) })
  }
  const mine = checks.find((c) => c.name === candidate)
  if (o.preflight && mine && !mine.eligible) throw new ActionError(`Candidate ${describeEligibility(mine)}`)
  return checks
}

/**
 * Scheduled switchovers: never while paused (patronictl's own check), never in the past. An immediate one while
 * paused needs a candidate. With `preflight` these two, which Patroni would answer with 400/422 and this text, are said
 * before anything is sent; patronictl sends them and prints Patroni's answer.
 */
export function checkSchedule(
  cluster: Cluster,
  action: string,
  scheduled: Scheduled | undefined,
  now: Date,
  o: { candidate?: string; preflight: boolean } = { preflight: true },
): void {
  const { candidate } = o
  if (scheduled === undefined) {
    if (o.preflight && action === 'switchover' && candidate === undefined && isPaused(cluster)) {
      throw new ActionError('Switchover is possible only to a specific candidate in a paused state')
    }
    return
  }
  if (isPaused(cluster)) throw new ActionError(`Can't schedule ${action} in the paused state`)
  if (o.preflight && scheduled.at.getTime() <= now.getTime())
    throw new ActionError(`Cannot schedule ${action} in the past`)
}
