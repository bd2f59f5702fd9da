import { endpointFindings } from '../cluster/dcs-diagnosis.js'
import { diagnose, verdictOf, type AgentFacts } from '../cluster/diagnosis.js'
import type { Finding } from '../cluster/finding.js'
import { VERDICTS, worst, type CheckOptions, type Verdict } from '../cluster/health.js'
import type { Cluster } from '../cluster/types.js'
import type { Dcs } from '../dcs/dcs.js'
import type { DcsProbe } from '../dcs/endpoint-probe.js'
import { ActionError, DcsUnreachableError } from '../errors.js'
import type { AgentAnswer, PatroniApi, PatroniStatus } from '../patroni-api/api.js'
import { checkReadCluster, type ProbeLimits } from './check.js'
import { pooled } from './pooled.js'
import { checkValid, isAbsent, notFound, readCluster } from './read-clusters.js'

/** `ptctl doctor` for one cluster: every finding, the worst verdict, how many of each, and what the DCS said of itself. */
export interface DoctorReport {
  readonly cluster: string
  readonly status: Verdict
  readonly counts: Readonly<Record<Verdict, number>>
  readonly findings: readonly Finding[]
  readonly dcs: DcsProbe
}

export interface DoctorFleet {
  readonly status: Verdict
  readonly clusters: readonly DoctorReport[]
}

function reportOf(cluster: string, findings: readonly Finding[], dcs: DcsProbe): DoctorReport {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, findings.filter((f) => f.status === v).length]))
  return { cluster, status: verdictOf(findings), counts: counts as Record<Verdict, number>, findings, dcs }
}

/** What each agent says on `GET /patroni`, at most `limits.concurrency` at once, within the run's deadline. */
async function agentFacts(api: PatroniApi, cluster: Cluster, limits: ProbeLimits): Promise<AgentFacts[]> {
  // every member is asked: one the deadline cuts says so in its error
  const facts = await pooled(
    cluster.members.map((m) => async (): Promise<AgentFacts> => {
      if (m.apiUrl === undefined)
        return { member: m.name, answered: false, error: m.apiUrlProblem ?? 'publishes no REST API url' }
      try {
        const answer = await api.read({ name: m.name, apiUrl: m.apiUrl }, '/patroni', {
          signal: limits.signal,
          closeAfter: true,
        })
        return answerFacts(m.name, answer)
      } catch (e) {
        return { member: m.name, answered: false, error: (e as Error).message }
      }
    }),
    limits.concurrency,
  )
  return cluster.members.map((m, i) => facts[i] ?? { member: m.name, answered: false, error: 'not asked' })
}

/** `GET /patroni` as it came: Patroni's status (an answer that is not one is said), and the agent's clock. */
function answerFacts(member: string, answer: AgentAnswer): AgentFacts {
  let body: unknown
  try {
    body = JSON.parse(answer.text) as unknown
  } catch {
    body = undefined
  }
  const status = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as PatroniStatus) : undefined
  if (answer.status !== 200 || status === undefined || !('state' in status || 'patroni' in status))
    return { member, answered: false, error: `GET /patroni answered ${answer.status}, not Patroni's status` }
  const skew = clockSkew(answer)
  return { ...factsOf(member, status), ...(skew !== undefined ? { clockSkewMs: skew } : {}) }
}

/**
 * How far the agent's clock is from this machine's, at least: the agent wrote its Date header (cut to the second)
 * somewhere between our sending and our receiving, so only a gap between those two intervals is a difference; a slow
 * answer widens the interval rather than looking like skew.
 */
export function clockSkew(answer: AgentAnswer): number | undefined {
  const agentFrom = answer.date === undefined ? NaN : Date.parse(answer.date)
  if (!Number.isFinite(agentFrom) || answer.sentAt === undefined || answer.receivedAt === undefined) return undefined
  const agentTo = agentFrom + 1000
  if (agentTo < answer.sentAt) return agentTo - answer.sentAt
  if (agentFrom > answer.receivedAt) return agentFrom - answer.receivedAt
  return 0
}

function factsOf(member: string, s: PatroniStatus): AgentFacts {
  const id = s['database_system_identifier']
  const replication = (s.replication ?? []).map((r) => {
    const syncState = (r as Record<string, unknown>)['sync_state']
    return {
      name: r.application_name ?? '',
      ...(r.state !== undefined ? { state: r.state } : {}),
      ...(typeof syncState === 'string' ? { syncState } : {}),
    }
  })
  return {
    member,
    answered: true,
    ...(typeof id === 'string' || typeof id === 'number' ? { systemIdentifier: String(id) } : {}),
    ...(typeof s.server_version === 'number' ? { serverVersion: s.server_version } : {}),
    ...(s.patroni?.version !== undefined ? { patroniVersion: s.patroni.version } : {}),
    ...(s.role === 'master' || s.role === 'primary' || s.replication !== undefined ? { replication } : {}),
  }
}

/**
 * One cluster: the DCS's endpoints asked one by one, the cluster read, check's health verdicts (the same code), each
 * agent's `GET /patroni`, then every finding. A DCS that cannot be read, or a cluster that is not there, is UNKNOWN.
 */
export async function doctorCluster(
  parts: { dcs: Dcs; api: () => Promise<PatroniApi> },
  scope: string,
  o: CheckOptions,
  limits: ProbeLimits,
  /** the DCS's endpoints as already asked for this run (--all asks them once, not once per cluster) */
  probed?: DcsProbe,
  /** the cluster as already read for this run (--all reads the namespace once) */
  read?: Cluster,
): Promise<DoctorReport> {
  const dcsProbe = probed ?? (await parts.dcs.probeEndpoints())
  let cluster: Cluster
  try {
    cluster = read !== undefined ? checkValid(read) : await readCluster(parts.dcs, scope)
  } catch (e) {
    if (!(e instanceof DcsUnreachableError) && !(e instanceof ActionError)) throw e
    const unread: Finding = {
      area: 'dcs',
      check: 'read',
      status: 'UNKNOWN',
      detail: (e as Error).message,
      next: 'ptctl list --all; check the DCS section, scope and namespace of the config',
    }
    return reportOf(scope, [...endpointFindings(dcsProbe), unread], dcsProbe)
  }
  const api = await parts.api()
  const [health, agents] = await Promise.all([
    checkReadCluster(api, cluster, o, limits),
    agentFacts(api, cluster, limits),
  ])
  return reportOf(scope, diagnose({ cluster, dcs: dcsProbe, agents, health: health.checks }), dcsProbe)
}

/** Several clusters (names, or every one in the namespace with `scopes` undefined), a few at a time. */
export async function doctorFleet(
  parts: { dcs: Dcs; api: () => Promise<PatroniApi> },
  scopes: readonly string[] | undefined,
  o: CheckOptions,
  limits: ProbeLimits,
): Promise<DoctorFleet> {
  let names: readonly string[]
  // --all: the namespace read once, every cluster judged from that read
  const read = new Map<string, Cluster>()
  if (scopes !== undefined) names = scopes
  else {
    try {
      for (const c of await parts.dcs.getAllClusters()) if (!isAbsent(c)) read.set(c.scope, c)
    } catch (e) {
      if (!(e instanceof DcsUnreachableError)) throw e
      const dcs = await parts.dcs.probeEndpoints()
      const unread: Finding = { area: 'dcs', check: 'read', status: 'UNKNOWN', detail: e.message }
      return { status: 'UNKNOWN', clusters: [reportOf('(all)', [unread], dcs)] }
    }
    names = [...read.keys()]
    if (names.length === 0) throw notFound('(any)', parts.dcs)
  }
  const probed = await parts.dcs.probeEndpoints()
  // each cluster probes its agents with the whole concurrency: a few clusters at a time keep sockets bounded
  const done = await pooled(
    names.map((s) => () => doctorCluster(parts, s, o, { ...limits, concurrency: 8 }, probed, read.get(s))),
    Math.max(1, Math.floor(limits.concurrency / 8)),
    limits.signal,
  )
  const clusters = names.map(
    (s, i) =>
      done[i] ??
      reportOf(s, [{ area: 'dcs', check: 'read', status: 'UNKNOWN', detail: 'not examined before the deadline' }], {
        kind: '',
        endpoints: [],
      }),
  )
  return { status: worst(clusters.map((c) => c.status)), clusters }
}
