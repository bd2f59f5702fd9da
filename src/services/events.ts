import { clusterEvents, type EventOptions } from '../cluster/events.js'
import type { Cluster } from '../cluster/types.js'
import type { Dcs, WatchTarget } from '../dcs/dcs.js'
import { ActionError } from '../errors.js'
import type { StreamItem } from '../output/events.js'
import type { Clock } from './ports.js'

export interface EventStreamOptions extends EventOptions {
  readonly target: WatchTarget
  /** first tell the current state as events (members joined, the leader taken, ...) */
  readonly sinceStart: boolean
  /** end once this member holds the leader key and runs (one cluster only) */
  readonly untilLeader?: string
  /** end after this long: a success, unless `untilLeader` was not reached */
  readonly timeoutMs?: number
  /** give up after the DCS has been away this long (exit 3) */
  readonly giveUpAfterMs: number
  /** Ctrl-C */
  readonly signal?: AbortSignal
}

export type EventStreamEnd = 'leader-reached' | 'timeout' | 'stopped'

const idOf = (c: Cluster) => (c.group !== undefined ? `${c.scope}/${c.group}` : c.scope)

/** The leader key held by `name`, and its member running: what `--until-leader` waits for. */
export function leadsAndRuns(cluster: Cluster, name: string): boolean {
  return cluster.leader?.value === name && cluster.members.some((m) => m.name === name && m.state === 'running')
}

/** A cluster that was followed and has no keys left at all (it vanishes from a namespace-wide listing). */
function emptied(c: Cluster): Cluster {
  return { ...c, initialize: null, config: null, leader: null, members: [], failover: null, sync: null, history: null }
}

/**
 * Follows the clusters through the DCS's change notifications and tells each meaningful change once, stamped with
 * the time it arrived, until Ctrl-C, `untilLeader` or `timeoutMs`.
 */
export async function streamEvents(
  deps: { readonly dcs: Dcs; readonly clock: Clock },
  o: EventStreamOptions,
  print: (item: StreamItem) => void,
): Promise<EventStreamEnd> {
  const stop = new AbortController()
  let end = 'stopped' as EventStreamEnd
  const finish = (why: EventStreamEnd) => {
    end = why
    stop.abort()
  }
  o.signal?.addEventListener('abort', () => finish('stopped'), { once: true })
  const timer = o.timeoutMs !== undefined ? setTimeout(() => finish('timeout'), o.timeoutMs) : undefined
  const known = new Map<string, Cluster>()
  let first = true
  let lastLeader: string | null = null
  try {
    await deps.dcs.watchClusters(
      o.target,
      (update) => {
        const at = deps.clock.now()
        if (update.kind !== 'clusters') {
          print({ at, watch: update.kind, text: update.kind === 'reconnecting' ? update.reason : update.how })
          return
        }
        const seen = new Set<string>()
        for (const cluster of update.clusters) {
          seen.add(idOf(cluster))
          const before = known.get(idOf(cluster))
          if (!first || o.sinceStart) for (const event of clusterEvents(before, cluster, o)) print({ at, event })
          known.set(idOf(cluster), cluster)
          lastLeader = cluster.leader?.value ?? null
          if (o.untilLeader !== undefined && leadsAndRuns(cluster, o.untilLeader)) finish('leader-reached')
        }
        for (const [id, cluster] of known) {
          if (seen.has(id)) continue
          for (const event of clusterEvents(cluster, emptied(cluster), o)) print({ at, event })
          known.delete(id)
        }
        first = false
      },
      { signal: stop.signal, giveUpAfterMs: o.giveUpAfterMs },
    )
  } finally {
    clearTimeout(timer)
  }
  if (end === 'timeout' && o.untilLeader !== undefined) {
    throw new ActionError(
      `${o.untilLeader} did not become the running leader within ${(o.timeoutMs ?? 0) / 1000}s (leader: ${lastLeader ?? 'none'})`,
    )
  }
  return end
}
