import { replicaLag } from './candidates.js'
import { isPaused } from './roles.js'
import type { Cluster, Member } from './types.js'

/** Monitoring verdicts, in the order of severity; exit codes follow the Nagios plugin convention. */
export const VERDICTS = ['OK', 'WARN', 'CRIT', 'UNKNOWN'] as const
export type Verdict = (typeof VERDICTS)[number]

export function worst(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (VERDICTS.indexOf(b) > VERDICTS.indexOf(a) ? b : a), 'OK')
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
  const { result: replicas, streaming } = replicasCheck(cluster, probes, o)
  return [
    leaderCheck(cluster),
    replicas,
    lagCheck(cluster, streaming, o),
    timelinesCheck(cluster),
    pendingRestartCheck(cluster, o),
    maintenanceCheck(cluster, o),
    agentsCheck(cluster, probes),
  ]
}

function leaderCheck(cluster: Cluster): CheckResult {
  const name = cluster.leader?.value
  const leader = cluster.members.find((m) => m.name === name)
  if (!name || !leader) return { check: 'leader', status: 'CRIT', detail: 'the cluster has no leader' }
  if (leader.state !== 'running')
    return { check: 'leader', status: 'CRIT', detail: `leader ${name} is ${leader.state ?? 'in an unknown state'}` }
  return { check: 'leader', status: 'OK', detail: `${name} is running` }
}

/** Enough replicas streaming: CRIT with none (when some are wanted), WARN with too few or with one not streaming. */
function replicasCheck(
  cluster: Cluster,
  probes: readonly AgentProbes[],
  o: CheckOptions,
): { result: CheckResult; streaming: Member[] } {
  const leaderProbe = probes.find((p) => p.member === cluster.leader?.value)
  const streamsTo = new Set(leaderProbe?.streamingTo ?? [])
  const replicas = cluster.members.filter((m) => m.name !== cluster.leader?.value)
  const streaming = replicas.filter((m) => isStreamingReplica(cluster, m, streamsTo))
  const down = replicas
    .filter((m) => !isStreamingReplica(cluster, m, streamsTo))
    .map((m) => `${m.name} is ${replicaState(m, leaderProbe?.streamingTo !== undefined)}`)
  let status: Verdict = 'OK'
  if (streaming.length < o.minReplicas) status = streaming.length === 0 && o.minReplicas > 0 ? 'CRIT' : 'WARN'
  else if (down.length > 0) status = 'WARN'
  const detail = `${streaming.length} of ${replicas.length} replicas streaming (minimum ${o.minReplicas})${down.length > 0 ? `; ${down.join(', ')}` : ''}`
  return { result: { check: 'replicas', status, detail }, streaming }
}

function lagCheck(cluster: Cluster, streaming: readonly Member[], o: CheckOptions): CheckResult {
  const limitValue = cluster.config?.value['maximum_lag_on_failover']
  const maxLag = o.maxLag ?? (typeof limitValue === 'number' ? limitValue : 1048576)
  const lagging = streaming.flatMap((m) => {
    const lag = replicaLag(cluster, m)
    return lag !== undefined && lag > maxLag ? [`${m.name} lags ${lag} bytes`] : []
  })
  return lagging.length > 0
    ? { check: 'lag', status: 'WARN', detail: `${lagging.join(', ')} (limit ${maxLag})` }
    : { check: 'lag', status: 'OK', detail: `every streaming replica within ${maxLag} bytes` }
}

/** Members that run (or stream) on different timelines: WARN naming each timeline's members. */
function timelinesCheck(cluster: Cluster): CheckResult {
  const timelines = new Map<number, string[]>()
  for (const m of cluster.members)
    if (m.timeline !== undefined && (m.state === 'running' || m.replicationState === 'streaming'))
      timelines.set(m.timeline, [...(timelines.get(m.timeline) ?? []), m.name])
  if (timelines.size > 1)
    return {
      check: 'timelines',
      status: 'WARN',
      detail: `members disagree: ${[...timelines].map(([tl, names]) => `TL${tl}: ${names.join(', ')}`).join('; ')}`,
    }
  const only = [...timelines.keys()][0]
  return {
    check: 'timelines',
    status: 'OK',
    detail: only !== undefined ? `all on timeline ${only}` : 'no timeline published',
  }
}

function pendingRestartCheck(cluster: Cluster, o: CheckOptions): CheckResult {
  const pending = cluster.members.filter((m) => m.pendingRestart).map((m) => m.name)
  if (pending.length === 0) return { check: 'pending restart', status: 'OK', detail: 'none' }
  return {
    check: 'pending restart',
    status: o.allowPendingRestart ? 'OK' : 'WARN',
    detail: `${pending.join(', ')} need a restart${o.allowPendingRestart ? ' (allowed)' : ''}`,
  }
}

function maintenanceCheck(cluster: Cluster, o: CheckOptions): CheckResult {
  const paused = isPaused(cluster)
  return {
    check: 'maintenance',
    status: paused && !o.allowPaused ? 'WARN' : 'OK',
    detail: paused ? `maintenance mode is on${o.allowPaused ? ' (allowed)' : ''}` : 'not paused',
  }
}

/** What each agent's health endpoints say: the leader's problems are CRIT, a replica's WARN. */
function agentsCheck(cluster: Cluster, probes: readonly AgentProbes[]): CheckResult {
  // nothing heard is not good news
  if (probes.length === 0) return { check: 'agents', status: 'UNKNOWN', detail: 'no agent was probed' }
  const problems: Array<{ text: string; status: Verdict }> = probes.flatMap((p) => agentProblems(cluster, p))
  return {
    check: 'agents',
    status: worst(['OK', ...problems.map((x) => x.status)]),
    detail:
      problems.length > 0
        ? problems.map((x) => x.text).join('; ')
        : `${probes.length} agents answer /health, the leader /primary, replicas /replica`,
  }
}

function agentProblems(cluster: Cluster, p: AgentProbes): Array<{ text: string; status: Verdict }> {
  const isLeader = p.member === cluster.leader?.value
  if (p.health === undefined) return [{ text: `${p.member}: REST API unreachable`, status: isLeader ? 'CRIT' : 'WARN' }]
  const out: Array<{ text: string; status: Verdict }> = []
  if (p.health !== 200) out.push({ text: `${p.member}: /health ${p.health}`, status: isLeader ? 'CRIT' : 'WARN' })
  if (isLeader && p.primary !== 200)
    out.push({ text: `${p.member}: /primary ${p.primary ?? 'no answer'}`, status: 'CRIT' })
  const noLoadBalance = cluster.members.find((m) => m.name === p.member)?.tags['noloadbalance'] === true
  if (!isLeader && !noLoadBalance && p.replica !== 200)
    out.push({ text: `${p.member}: /replica ${p.replica ?? 'no answer'}`, status: 'WARN' })
  return out
}
