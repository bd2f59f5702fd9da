import type { Cluster } from '../cluster/types.js'
import { ActionError } from '../errors.js'
import type { ActionDeps } from './reporter.js'

export interface LeaderWaitResult {
  readonly newLeader: string
  /** from the start of the action to the new leader holding the lock and running */
  readonly secondsToLeader: number
  /** to every other member running again on the leader's timeline (or later) */
  readonly secondsToHealthy: number
}

export interface LeaderWaitOptions {
  readonly scope: string
  /** the Citus group */
  readonly group?: number
  /** the leader before the action; the wait ends on a different one (or on `candidate` when given) */
  readonly oldLeader?: string
  readonly candidate?: string
  readonly startedAt: number
  readonly timeoutMs: number
  readonly intervalMs?: number
  /** stops the wait (the action it was watching failed) */
  readonly signal?: AbortSignal
}

/** The leader that took over from `oldLeader` (the candidate, when one was named) and runs; undefined if none yet. */
export function leaderAfter(cluster: Cluster, oldLeader?: string, candidate?: string): string | undefined {
  const leader = cluster.leader?.value
  if (leader === undefined || leader === oldLeader) return undefined
  if (candidate !== undefined && leader !== candidate) return undefined
  const member = cluster.members.find((m) => m.name === leader)
  return member?.state === 'running' ? leader : undefined
}

function othersHealthy(cluster: Cluster, leader: string): boolean {
  const tl = cluster.members.find((m) => m.name === leader)?.timeline ?? 0
  return cluster.members
    .filter((m) => m.name !== leader)
    .every((m) => (m.state === 'running' || m.replicationState === 'streaming') && (m.timeline ?? 0) >= tl)
}

function summary(cluster: Cluster): string {
  const members = cluster.members.map(
    (m) => `${m.name} ${m.state ?? '?'}${m.timeline !== undefined ? ` TL${m.timeline}` : ''}`,
  )
  return `leader ${cluster.leader?.value ?? 'none'}; ${members.join(', ')}`
}

/**
 * Polls the DCS until a new leader holds the lock and runs, then until the other members run on its timeline.
 * Prints a status line on stderr every few seconds; gives up after the timeout with the last state seen.
 */
export async function waitForNewLeader(deps: ActionDeps, o: LeaderWaitOptions): Promise<LeaderWaitResult> {
  const interval = o.intervalMs ?? 250
  const deadline = o.startedAt + o.timeoutMs
  const elapsed = () => (deps.clock.now().getTime() - o.startedAt) / 1000
  let newLeader: string | undefined
  let secondsToLeader = 0
  let lastLine = 0
  let last = 'no read yet'
  while (deps.clock.now().getTime() < deadline) {
    if (o.signal?.aborted) throw new ActionError('wait cancelled')
    let cluster: Cluster | undefined
    try {
      cluster = await deps.dcs.getCluster(o.scope, o.group)
    } catch (e) {
      last = (e as Error).message
    }
    if (cluster) {
      last = summary(cluster)
      if (newLeader === undefined) {
        newLeader = leaderAfter(cluster, o.oldLeader, o.candidate)
        if (newLeader !== undefined) {
          secondsToLeader = elapsed()
          deps.progress(`new leader ${newLeader} is running after ${secondsToLeader.toFixed(1)}s`)
        }
      }
      if (newLeader !== undefined && cluster.leader?.value === newLeader && othersHealthy(cluster, newLeader)) {
        return { newLeader, secondsToLeader, secondsToHealthy: elapsed() }
      }
    }
    if (deps.clock.now().getTime() - lastLine >= 2000) {
      deps.progress(`waiting (${elapsed().toFixed(0)}s): ${last}`)
      lastLine = deps.clock.now().getTime()
    }
    await deps.clock.sleep(interval)
  }
  const what = newLeader === undefined ? 'a new running leader' : `the members to follow ${newLeader}`
  throw new ActionError(`Timed out after ${(o.timeoutMs / 1000).toFixed(0)}s waiting for ${what} (${last})`)
}

/** A wait for the new leader running alongside the request that causes it; cancel it when the request fails. */
export interface LeaderWatch {
  readonly result: Promise<LeaderWaitResult>
  cancel(): void
}

export function watchForNewLeader(deps: ActionDeps, o: Omit<LeaderWaitOptions, 'signal'>): LeaderWatch {
  const stop = new AbortController()
  const result = waitForNewLeader(deps, { ...o, signal: stop.signal })
  // a cancelled or unused watch must not surface as an unhandled rejection
  result.catch(() => undefined)
  return { result, cancel: () => stop.abort() }
}
