import { clusterEvents, type ClusterEvent } from '../cluster/events.js'
import { isoLocalMs } from '../cluster/schedule.js'
import type { Cluster } from '../cluster/types.js'
import { ActionError } from '../errors.js'
import { eventLine } from '../output/events.js'
import type { ActionDeps } from './reporter.js'

/** An event seen while waiting, with when it arrived (ISO 8601, to the millisecond). */
export type TimedEvent = ClusterEvent & { readonly time: string }

export interface LeaderWaitResult {
  readonly newLeader: string
  /** from the start of the action to the new leader holding the lock and running */
  readonly secondsToLeader: number
  /** to every other member running again on the leader's timeline (or later) */
  readonly secondsToHealthy: number
  /** what happened in the cluster meanwhile, in order: the story of the switchover */
  readonly events: readonly TimedEvent[]
}

export interface LeaderWaitOptions {
  readonly scope: string
  /** the Citus group */
  readonly group?: number
  /** the leader before the action; the wait ends on a different one (or on `candidate` when given) */
  readonly oldLeader?: string
  /** a switchover's old leader comes back as a replica and is waited for; a failover's may be gone for good */
  readonly oldLeaderReturns: boolean
  readonly candidate?: string
  readonly startedAt: number
  readonly timeoutMs: number
  /** stops the wait (the action it was watching failed) */
  readonly signal?: AbortSignal
  /** the watch has read the cluster: a request sent from now on is seen in full */
  readonly onReady?: () => void
}

/** The roles a leader's member key shows once it leads (Patroni 3: master, 4: primary; a standby cluster's). */
const LEADER_ROLES = new Set(['master', 'primary', 'standby_leader'])

/** The leader that took over from `oldLeader` (the candidate, when one was named) and runs; undefined if none yet. */
export function leaderAfter(cluster: Cluster, oldLeader?: string, candidate?: string): string | undefined {
  const leader = cluster.leader?.value
  if (leader === undefined || leader === oldLeader) return undefined
  if (candidate !== undefined && leader !== candidate) return undefined
  const member = cluster.members.find((m) => m.name === leader)
  // running, and promoted: Patroni writes `promoted` while PostgreSQL is still leaving recovery
  const leads = member?.role === undefined || LEADER_ROLES.has(member.role)
  return member?.state === 'running' && leads ? leader : undefined
}

/**
 * The new leader runs on a known timeline and every member expected back is there, running (or streaming) on that
 * timeline or a later one. A member whose key is missing is not healthy: on ZooKeeper Patroni writes a changed
 * member as a new znode, so a member may be briefly absent, and absent is not done.
 */
function allFollow(cluster: Cluster, leader: string, expected: ReadonlySet<string>): boolean {
  const tl = cluster.members.find((m) => m.name === leader && m.state === 'running')?.timeline
  if (tl === undefined) return false
  return [...expected]
    .filter((name) => name !== leader)
    .every((name) => {
      const m = cluster.members.find((x) => x.name === name)
      return m !== undefined && (m.state === 'running' || m.replicationState === 'streaming') && (m.timeline ?? 0) >= tl
    })
}

function summary(cluster: Cluster): string {
  const members = cluster.members.map(
    (m) => `${m.name} ${m.state ?? '?'}${m.timeline !== undefined ? ` TL${m.timeline}` : ''}`,
  )
  return `leader ${cluster.leader?.value ?? 'none'}; ${members.join(', ')}`
}

/** Seconds of quiet after which a status line says the wait goes on. */
const QUIET_STATUS_MS = 5000

/**
 * Where a wait for a new leader stands, on the injected clock: what was seen last, who is expected to follow, the new
 * leader once it runs, and how the wait ended. Pure: `see` takes each cluster read and says what changed.
 */
export class LeaderWaitState {
  previous: Cluster | undefined
  /** the members there when the wait began (less a failover's old leader) must all follow the new leader */
  expected: ReadonlySet<string> = new Set()
  newLeader: string | undefined
  secondsToLeader = 0
  readonly events: TimedEvent[] = []
  /** the last state seen, for the status line and the timeout message */
  last = 'no read yet'
  lastOutputAt: number
  end: { readonly kind: 'done'; readonly result: LeaderWaitResult } | { readonly kind: 'timeout' } | undefined

  constructor(
    private readonly o: Pick<LeaderWaitOptions, 'oldLeader' | 'oldLeaderReturns' | 'candidate' | 'startedAt'>,
    now: number,
  ) {
    this.lastOutputAt = now
  }

  elapsed(at: number): number {
    return (at - this.o.startedAt) / 1000
  }

  /** A cluster as read at `at`: the events since the previous read, and whether the new leader was just found. */
  see(cluster: Cluster, at: Date): { events: TimedEvent[]; first: boolean; leaderFound: boolean } {
    const first = this.previous === undefined
    const events = (this.previous ? clusterEvents(this.previous, cluster) : []).map((event) => ({
      time: isoLocalMs(at),
      ...event,
    }))
    this.events.push(...events)
    if (events.length > 0) this.lastOutputAt = at.getTime()
    if (first)
      this.expected = new Set(
        cluster.members.map((m) => m.name).filter((n) => this.o.oldLeaderReturns || n !== this.o.oldLeader),
      )
    this.previous = cluster
    this.last = summary(cluster)
    let leaderFound = false
    if (this.newLeader === undefined) {
      this.newLeader = leaderAfter(cluster, this.o.oldLeader, this.o.candidate)
      if (this.newLeader !== undefined) {
        this.secondsToLeader = this.elapsed(at.getTime())
        leaderFound = true
      }
    }
    const leader = this.newLeader
    if (leader !== undefined && cluster.leader?.value === leader && allFollow(cluster, leader, this.expected))
      this.end ??= {
        kind: 'done',
        result: {
          newLeader: leader,
          secondsToLeader: this.secondsToLeader,
          secondsToHealthy: this.elapsed(at.getTime()),
          events: this.events,
        },
      }
    return { events, first, leaderFound }
  }

  /** a status line is due: nothing was said for a while */
  quietFor(now: number): boolean {
    return now - this.lastOutputAt >= QUIET_STATUS_MS
  }

  timeoutMessage(timeoutMs: number): string {
    const what = this.newLeader === undefined ? 'a new running leader' : `the members to follow ${this.newLeader}`
    return `Timed out after ${timeoutMs / 1000}s waiting for ${what} (${this.last})`
  }
}

/**
 * Follows the cluster through the DCS's change notifications until a new leader holds the lock and runs, then until
 * the other members run on its timeline. Each change is told on stderr as `events` tells it, and kept for the
 * result; a quiet wait prints a status line every few seconds. Gives up after the timeout with the last state seen.
 */
export async function waitForNewLeader(deps: ActionDeps, o: LeaderWaitOptions): Promise<LeaderWaitResult> {
  const stop = new AbortController()
  o.signal?.addEventListener('abort', () => stop.abort(), { once: true })
  const now = () => deps.clock.now().getTime()
  const state = new LeaderWaitState(o, now())
  const quiet = setInterval(() => {
    if (!state.quietFor(now())) return
    deps.progress(`waiting (${state.elapsed(now()).toFixed(0)}s): ${state.last}`)
    state.lastOutputAt = now()
  }, 1000)
  quiet.unref()
  const seen = (cluster: Cluster) => {
    const at = deps.clock.now()
    const { events, first, leaderFound } = state.see(cluster, at)
    for (const event of events) deps.progress(eventLine({ at, event }))
    if (first) {
      o.onReady?.()
      // the deadline counts from the start of the action, once the watch is there to see the outcome
      void deps.clock.sleep(Math.max(0, o.startedAt + o.timeoutMs - at.getTime()), stop.signal).then(() => {
        if (stop.signal.aborted) return
        state.end ??= { kind: 'timeout' }
        stop.abort()
      })
    }
    if (leaderFound)
      deps.progress(`new leader ${state.newLeader ?? ''} is running after ${state.secondsToLeader.toFixed(1)}s`)
    if (state.end !== undefined) stop.abort()
  }
  try {
    await deps.dcs.watchClusters(
      { scopes: [o.scope], citus: o.group !== undefined, ...(o.group !== undefined ? { group: o.group } : {}) },
      (update) => {
        if (update.kind === 'clusters') {
          const [cluster] = update.clusters
          if (cluster) seen(cluster)
        } else {
          deps.progress(`dcs ${update.kind}: ${update.kind === 'reconnecting' ? update.reason : update.how}`)
        }
      },
      { signal: stop.signal, giveUpAfterMs: o.timeoutMs },
    )
  } finally {
    clearInterval(quiet)
    stop.abort()
  }
  if (state.end?.kind === 'done') return state.end.result
  if (state.end === undefined) throw new ActionError('wait cancelled')
  throw new ActionError(state.timeoutMessage(o.timeoutMs))
}

/** A wait for the new leader running alongside the request that causes it; cancel it when the request fails. */
export interface LeaderWatch {
  /** resolves once the watch has read the cluster (send the request after it), rejects if it could not */
  readonly ready: Promise<void>
  readonly result: Promise<LeaderWaitResult>
  cancel(): void
}

export function watchForNewLeader(deps: ActionDeps, o: Omit<LeaderWaitOptions, 'signal' | 'onReady'>): LeaderWatch {
  const stop = new AbortController()
  let markReady = () => undefined as void
  const readyOrNot = new Promise<void>((resolve) => (markReady = resolve))
  const result = waitForNewLeader(deps, { ...o, signal: stop.signal, onReady: () => markReady() })
  // a cancelled or unused watch must not surface as an unhandled rejection
  result.catch(() => undefined)
  const ready = Promise.race([readyOrNot, result.then(() => undefined)])
  return { ready, result, cancel: () => stop.abort() }
}
