import { replicaLag } from '../cluster/candidates.js'
import {
  evaluateHealth,
  worst,
  VERDICTS,
  type AgentProbes,
  type CheckOptions,
  type CheckResult,
  type Verdict,
} from '../cluster/health.js'
import { isPaused, memberRole, type ClusterRole } from '../cluster/roles.js'
import type { Cluster, Member } from '../cluster/types.js'
import type { Dcs } from '../dcs/dcs.js'
import type { Clock } from './ports.js'
import {
  ActionError,
  AgentUnreachableError,
  UnknownVerdictError,
  DcsUnreachableError,
  PatroniApiError,
  UnrecognizedAnswerError,
} from '../errors.js'
import { checkSummary } from '../output/check-report.js'
import type { AgentRef, HealthEndpoint, PatroniApi, ReadOptions } from '../patroni-api/api.js'
import { checkValid, isAbsent, notFound, readCluster } from './read-clusters.js'
import { pooled } from './pooled.js'

/** A member as monitoring sees it (the Prometheus gauges and the JSON report). */
export interface MemberHealth {
  readonly name: string
  readonly role: ClusterRole
  readonly state?: string
  readonly timeline?: number
  /** bytes behind the leader's last known position; absent on the leader or when unknown */
  readonly lagBytes?: number
  readonly pendingRestart: boolean
  /** its REST API answered /health (undefined: not probed, the run's deadline came first) */
  readonly agentUp?: boolean
}

export interface CheckReport {
  readonly cluster: string
  readonly status: Verdict
  readonly checks: readonly CheckResult[]
  readonly paused?: boolean
  readonly members?: readonly MemberHealth[]
}

/** How the agents are probed: how many at once, and a deadline for the whole run. */
export interface ProbeLimits {
  readonly concurrency: number
  /** the run ends by then; clusters whose agents were not all probed are UNKNOWN */
  readonly signal: AbortSignal
}

/** What one member's agent says on its health endpoints; undefined when the run's deadline came first. */
async function probeMember(
  api: PatroniApi,
  cluster: Cluster,
  m: Member,
  signal: AbortSignal,
): Promise<AgentProbes | undefined> {
  if (m.apiUrl === undefined) return { member: m.name }
  const agent = { name: m.name, apiUrl: m.apiUrl }
  const read: ReadOptions = { signal, closeAfter: true }
  const get = async (e: HealthEndpoint) =>
    api.probe(agent, e, read).catch((err: unknown) => {
      if (err instanceof AgentUnreachableError) return undefined
      throw err
    })
  const health = await get('/health')
  const isLeader = cluster.leader?.value === m.name
  const role = health === undefined ? undefined : await get(isLeader ? '/primary' : '/replica')
  const streamingTo = health !== undefined && isLeader ? await walsenders(api, agent, read) : undefined
  if (signal.aborted) return undefined
  if (health === undefined) return { member: m.name }
  return {
    member: m.name,
    health,
    ...(role !== undefined ? (isLeader ? { primary: role } : { replica: role }) : {}),
    ...(streamingTo !== undefined ? { streamingTo } : {}),
  }
}

/** The members the leader's walsenders stream to; undefined when the leader does not say. */
async function walsenders(api: PatroniApi, agent: AgentRef, read: ReadOptions): Promise<string[] | undefined> {
  try {
    const status = await api.status(agent, read)
    return (status.replication ?? []).filter((r) => r.state === 'streaming').map((r) => r.application_name ?? '')
  } catch (e) {
    if (e instanceof AgentUnreachableError || e instanceof PatroniApiError || e instanceof UnrecognizedAnswerError)
      return undefined
    throw e
  }
}

/** Every member of every cluster probed, at most `limits.concurrency` at once; per cluster, in member order. */
async function probeClusters(
  api: PatroniApi,
  clusters: readonly Cluster[],
  limits: ProbeLimits,
): Promise<(AgentProbes | undefined)[][]> {
  const jobs = clusters.flatMap((c) => c.members.map((m) => () => probeMember(api, c, m, limits.signal)))
  const flat = await pooled(jobs, limits.concurrency, limits.signal)
  let at = 0
  return clusters.map((c) => c.members.map(() => flat[at++]))
}

function memberHealth(cluster: Cluster, probes: readonly (AgentProbes | undefined)[]): MemberHealth[] {
  return cluster.members.map((m, i) => {
    const probe = probes[i]
    const lag = cluster.leader?.value === m.name ? undefined : replicaLag(cluster, m)
    return {
      name: m.name,
      role: memberRole(cluster, m.name),
      ...(m.state !== undefined ? { state: m.state } : {}),
      ...(m.timeline !== undefined ? { timeline: m.timeline } : {}),
      ...(lag !== undefined ? { lagBytes: lag } : {}),
      pendingRestart: m.pendingRestart,
      ...(probe !== undefined ? { agentUp: probe.health !== undefined } : {}),
    }
  })
}

/** The verdict of one cluster from what its agents said; agents the deadline cut short make it UNKNOWN. */
function reportOf(cluster: Cluster, probes: readonly (AgentProbes | undefined)[], o: CheckOptions): CheckReport {
  const answered = probes.filter((p): p is AgentProbes => p !== undefined)
  const cut = probes.length - answered.length
  // when the deadline cut every probe, the probes row below says so: no second UNKNOWN row for the agents
  const checks = evaluateHealth(cluster, answered, o).filter(
    (c) => !(cut > 0 && answered.length === 0 && c.check === 'agents'),
  )
  const all =
    cut > 0
      ? [
          ...checks,
          {
            check: 'probes',
            status: 'UNKNOWN' as const,
            detail: `${cut} of ${probes.length} agents not probed before the deadline`,
          },
        ]
      : checks
  return {
    cluster: cluster.scope,
    status: worst(all.map((c) => c.status)),
    checks: all,
    paused: isPaused(cluster),
    members: memberHealth(cluster, probes),
  }
}

/** A cluster that cannot be judged at all: the DCS is away, it is not there, or its keys hold garbage. */
const unknown = (cluster: string, check: string, detail: string): CheckReport => ({
  cluster,
  status: 'UNKNOWN',
  checks: [{ check, status: 'UNKNOWN', detail }],
})

/** One verdict; an unreachable DCS is UNKNOWN (exit 3), as monitoring systems expect. */
export async function checkCluster(
  dcs: Dcs,
  api: () => Promise<PatroniApi>,
  scope: string,
  o: CheckOptions,
  limits: ProbeLimits,
): Promise<CheckReport> {
  let cluster: Cluster
  try {
    cluster = await readCluster(dcs, scope)
  } catch (e) {
    if (e instanceof DcsUnreachableError) return unknown(scope, 'dcs', e.message)
    throw e
  }
  return checkReadCluster(await api(), cluster, o, limits)
}

/** The verdict of a cluster already read (doctor reads it once for all its findings). */
export async function checkReadCluster(
  api: PatroniApi,
  cluster: Cluster,
  o: CheckOptions,
  limits: ProbeLimits,
): Promise<CheckReport> {
  const [probes = []] = await probeClusters(api, [cluster], limits)
  return reportOf(cluster, probes, o)
}

export interface HealthWait {
  /** poll until OK or until the timeout */
  readonly wait: boolean
  readonly timeoutMs: number
  readonly intervalMs: number
}

/**
 * One verdict, or with `wait` a verdict every interval until it is OK or the timeout is reached (the last one is
 * returned); each verdict short of OK is reported as progress.
 */
export async function checkUntilHealthy(
  parts: { dcs: Dcs; api: () => Promise<PatroniApi>; clock: Clock; progress: (line: string) => void },
  scope: string,
  o: CheckOptions,
  w: HealthWait & { readonly concurrency: number },
): Promise<CheckReport> {
  const deadline = parts.clock.now().getTime() + w.timeoutMs
  // each verdict is bounded by the run's time on its own; the wait for OK by the clock
  const once = () =>
    checkCluster(parts.dcs, parts.api, scope, o, {
      concurrency: w.concurrency,
      signal: AbortSignal.timeout(w.timeoutMs),
    }).catch((e: unknown) => {
      // a cluster that is not there cannot be judged: UNKNOWN, not WARN
      if (e instanceof ActionError) throw new UnknownVerdictError(e.message)
      throw e
    })
  let report = await once()
  while (w.wait && report.status !== 'OK' && parts.clock.now().getTime() < deadline) {
    parts.progress(checkSummary(report))
    await parts.clock.sleep(w.intervalMs)
    report = await once()
  }
  return report
}

/** Many clusters at once: the verdict of each, the worst of all, and how many of each. */
export interface FleetReport {
  readonly status: Verdict
  readonly counts: Readonly<Record<Verdict, number>>
  readonly clusters: readonly CheckReport[]
}

export function fleetOf(reports: readonly CheckReport[]): FleetReport {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, reports.filter((r) => r.status === v).length]))
  return {
    status: worst(reports.map((r) => r.status)),
    counts: counts as Record<Verdict, number>,
    clusters: reports,
  }
}

/**
 * `check --all` or `check C1 C2 ...`: every cluster from one read of the namespace, every agent probed with bounded
 * concurrency within the run's deadline. A named cluster that is not there, or whose keys hold garbage, is UNKNOWN;
 * an unreachable DCS makes every named cluster (or, with --all, the fleet) UNKNOWN.
 */
export async function checkFleet(
  parts: { dcs: Dcs; api: () => Promise<PatroniApi> },
  scopes: readonly string[] | undefined,
  o: CheckOptions,
  limits: ProbeLimits,
): Promise<FleetReport> {
  let read: Cluster[]
  try {
    read = (await parts.dcs.getAllClusters()).filter((c) => !isAbsent(c))
  } catch (e) {
    if (!(e instanceof DcsUnreachableError)) throw e
    return fleetOf((scopes ?? ['(all)']).map((s) => unknown(s, 'dcs', e.message)))
  }
  const wanted = scopes ?? read.map((c) => c.scope)
  const judged: Cluster[] = []
  const reports = new Map<string, CheckReport>()
  for (const scope of wanted) {
    const cluster = read.find((c) => c.scope === scope)
    if (!cluster) reports.set(scope, unknown(scope, 'dcs', notFound(scope, parts.dcs).message))
    else {
      try {
        judged.push(checkValid(cluster))
      } catch (e) {
        reports.set(scope, unknown(scope, 'dcs', (e as Error).message))
      }
    }
  }
  const probes = judged.length > 0 ? await probeClusters(await parts.api(), judged, limits) : []
  judged.forEach((c, i) => reports.set(c.scope, reportOf(c, probes[i] ?? [], o)))
  return fleetOf(wanted.map((s) => reports.get(s) ?? unknown(s, 'dcs', 'not read')))
}
