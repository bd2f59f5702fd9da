import { replicaLag } from './candidates.js'
import { isPaused } from './roles.js'
import type { Cluster, Member } from './types.js'

/** Monitoring verdicts, in the order of severity; exit codes follow the Nagios plugin convention. */
export const VERDICTS = ['OK', 'WARN', 'CRIT', 'UNKNOWN'] as const
export type Verdict = (typeof VERDICTS)[number]

export function worst(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (VERDICTS.indexOf(b) > VERDICTS.indexOf(a) ? b : a), 'OK')
}

export function verdictExitCode(v: Verdict): 0 | 1 | 2 | 3 {
  switch (v) {
    case 'OK':
      return 0
    case 'WARN':
      return 1
    case 'CRIT':
      return 2
    case 'UNKNOWN':
      return 3
  }
}

export interface CheckResult {
  readonly check: string
  readonly status: Verdict
  readonly detail: string
}

export interface CheckOptions {
  readonly minReplicas: number
  /** bytes; undefined: the cluster's maximum_lag_on_failover */
  readonly maxLag?: number
  readonly allowPendingRestart: boolean
  readonly allowPaused: boolean
}

/** What each agent answered on its health endpoints (undefined: no answer at all). */
export interface AgentProbes {
  readonly member: string
  readonly health?: number
  readonly primary?: number
  readonly replica?: number
  /** the leader only: the members its walsenders stream to (GET /patroni `replication`) */
  readonly streamingTo?: readonly string[]
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 }

/** `--max-lag`: bytes, or with a kB/MB/GB/TB unit (powers of 1024, as PostgreSQL counts them). */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?[bB]?)\s*$/.exec(text)
  if (!m) return undefined
  const factor = UNITS[(m[2] ?? '').toLowerCase()]
  return factor === undefined ? undefined : Math.round(Number(m[1]) * factor)
}

/**
 * A replica counts as streaming only on evidence: the leader's walsender to it (Patroni 3.x publishes nothing else),
 * or the `replication_state` Patroni 3.0.4+ writes in its member key. Running is not streaming.
 */
function isStreamingReplica(cluster: Cluster, m: Member, leaderStreamsTo: ReadonlySet<string>): boolean {
  return m.name !== cluster.leader?.value && (m.replicationState === 'streaming' || leaderStreamsTo.has(m.name))
}

function replicaState(m: Member, leaderAnswered: boolean): string {
  if (m.replicationState !== undefined) return m.replicationState
  if (m.state !== 'running') return m.state ?? 'unknown'
  return leaderAnswered ? 'running but not streaming' : 'running (streaming unknown: the leader did not answer)'
}

/**
 * The verdict of `ptctl check` from the DCS and the agents' health endpoints: leader, replicas, lag, timelines,
 * pending restarts, maintenance mode, agents. Pure: the probes are gathered by the service.
 */
export function evaluateHealth(cluster: Cluster, probes: readonly AgentProbes[], o: CheckOptions): CheckResult[] {
  const results: CheckResult[] = []
  const leaderName = cluster.leader?.value
  const leader = cluster.members.find((m) => m.name === leaderName)
  if (!leaderName || !leader) results.push({ check: 'leader', status: 'CRIT', detail: 'the cluster has no leader' })
  else if (leader.state !== 'running')
    results.push({
      check: 'leader',
      status: 'CRIT',
      detail: `leader ${leaderName} is ${leader.state ?? 'in an unknown state'}`,
    })
  else results.push({ check: 'leader', status: 'OK', detail: `${leaderName} is running` })

  const leaderProbe = probes.find((p) => p.member === leaderName)
  const streamsTo = new Set(leaderProbe?.streamingTo ?? [])
  const replicas = cluster.members.filter((m) => m.name !== leaderName)
  const streaming = replicas.filter((m) => isStreamingReplica(cluster, m, streamsTo))
  const down = replicas
    .filter((m) => !isStreamingReplica(cluster, m, streamsTo))
    .map((m) => `${m.name} is ${replicaState(m, leaderProbe?.streamingTo !== undefined)}`)
  const replicaDetail = `${streaming.length} of ${replicas.length} replicas streaming (minimum ${o.minReplicas})${down.length > 0 ? `; ${down.join(', ')}` : ''}`
  results.push({
    check: 'replicas',
    status:
      streaming.length >= o.minReplicas
        ? down.length > 0
          ? 'WARN'
          : 'OK'
        : streaming.length === 0 && o.minReplicas > 0
          ? 'CRIT'
          : 'WARN',
    detail: replicaDetail,
  })

  const limitValue = cluster.config?.value['maximum_lag_on_failover']
  const maxLag = o.maxLag ?? (typeof limitValue === 'number' ? limitValue : 1048576)
  const lagging = streaming.flatMap((m) => {
    const lag = replicaLag(cluster, m)
    return lag !== undefined && lag > maxLag ? [`${m.name} lags ${lag} bytes`] : []
  })
  results.push({
    check: 'lag',
    status: lagging.length > 0 ? 'WARN' : 'OK',
    detail:
      lagging.length > 0 ? `${lagging.join(', ')} (limit ${maxLag})` : `every streaming replica within ${maxLag} bytes`,
  })

  const timelines = new Map<number, string[]>()
  for (const m of cluster.members)
    if (m.timeline !== undefined && (m.state === 'running' || m.replicationState === 'streaming'))
      timelines.set(m.timeline, [...(timelines.get(m.timeline) ?? []), m.name])
  results.push(
    timelines.size <= 1
      ? {
          check: 'timelines',
          status: 'OK',
          detail: timelines.size === 1 ? `all on timeline ${[...timelines.keys()][0]}` : 'no timeline published',
        }
      : {
          check: 'timelines',
          status: 'WARN',
          detail: `members disagree: ${[...timelines].map(([tl, names]) => `TL${tl}: ${names.join(', ')}`).join('; ')}`,
        },
  )

  const pending = cluster.members.filter((m) => m.pendingRestart).map((m) => m.name)
  results.push(
    pending.length === 0
      ? { check: 'pending restart', status: 'OK', detail: 'none' }
      : {
          check: 'pending restart',
          status: o.allowPendingRestart ? 'OK' : 'WARN',
          detail: `${pending.join(', ')} need a restart${o.allowPendingRestart ? ' (allowed)' : ''}`,
        },
  )

  const paused = isPaused(cluster)
  results.push({
    check: 'maintenance',
    status: paused && !o.allowPaused ? 'WARN' : 'OK',
    detail: paused ? `maintenance mode is on${o.allowPaused ? ' (allowed)' : ''}` : 'not paused',
  })

  const agentProblems: string[] = []
  let agentStatus: Verdict = 'OK'
  for (const p of probes) {
    const isLeader = p.member === leaderName
    if (p.health === undefined) {
      agentProblems.push(`${p.member}: REST API unreachable`)
      agentStatus = worst([agentStatus, isLeader ? 'CRIT' : 'WARN'])
      continue
    }
    if (p.health !== 200) {
      agentProblems.push(`${p.member}: /health ${p.health}`)
      agentStatus = worst([agentStatus, isLeader ? 'CRIT' : 'WARN'])
    }
    if (isLeader && p.primary !== 200) {
      agentProblems.push(`${p.member}: /primary ${p.primary ?? 'no answer'}`)
      agentStatus = worst([agentStatus, 'CRIT'])
    }
    const noLoadBalance = cluster.members.find((m) => m.name === p.member)?.tags['noloadbalance'] === true
    if (!isLeader && !noLoadBalance && p.replica !== 200) {
      agentProblems.push(`${p.member}: /replica ${p.replica ?? 'no answer'}`)
      agentStatus = worst([agentStatus, 'WARN'])
    }
  }
  results.push({
    check: 'agents',
    status: agentStatus,
    detail:
      agentProblems.length > 0
        ? agentProblems.join('; ')
        : `${probes.length} agents answer /health, the leader /primary, replicas /replica`,
  })
  return results
}
