import {
  evaluateHealth,
  worst,
  type AgentProbes,
  type CheckOptions,
  type CheckResult,
  type Verdict,
} from '../cluster/health.js'
import type { Cluster } from '../cluster/types.js'
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
import type { AgentRef, HealthEndpoint, PatroniApi } from '../patroni-api/api.js'
import { readCluster } from './read-clusters.js'

export interface CheckReport {
  readonly cluster: string
  readonly status: Verdict
  readonly checks: readonly CheckResult[]
}

async function probe(api: PatroniApi, cluster: Cluster): Promise<AgentProbes[]> {
  return Promise.all(
    cluster.members.map(async (m): Promise<AgentProbes> => {
      if (m.apiUrl === undefined) return { member: m.name }
      const agent = { name: m.name, apiUrl: m.apiUrl }
      const get = async (e: HealthEndpoint) =>
        api.probe(agent, e).catch((err: unknown) => {
          if (err instanceof AgentUnreachableError) return undefined
          throw err
        })
      const health = await get('/health')
      if (health === undefined) return { member: m.name }
      const isLeader = cluster.leader?.value === m.name
      const role = await get(isLeader ? '/primary' : '/replica')
      const streamingTo = isLeader ? await walsenders(api, agent) : undefined
      return {
        member: m.name,
        health,
        ...(role !== undefined ? (isLeader ? { primary: role } : { replica: role }) : {}),
        ...(streamingTo !== undefined ? { streamingTo } : {}),
      }
    }),
  )
}

/** The members the leader's walsenders stream to; undefined when the leader does not say. */
async function walsenders(api: PatroniApi, agent: AgentRef): Promise<string[] | undefined> {
  try {
    const status = await api.status(agent)
    return (status.replication ?? []).filter((r) => r.state === 'streaming').map((r) => r.application_name ?? '')
  } catch (e) {
    if (e instanceof AgentUnreachableError || e instanceof PatroniApiError || e instanceof UnrecognizedAnswerError)
      return undefined
    throw e
  }
}

/** One verdict; an unreachable DCS is UNKNOWN (exit 3), as monitoring systems expect. */
export async function checkCluster(
  dcs: Dcs,
  api: () => Promise<PatroniApi>,
  scope: string,
  o: CheckOptions,
): Promise<CheckReport> {
  let cluster: Cluster
  try {
    cluster = await readCluster(dcs, scope)
  } catch (e) {
    if (e instanceof DcsUnreachableError)
      return { cluster: scope, status: 'UNKNOWN', checks: [{ check: 'dcs', status: 'UNKNOWN', detail: e.message }] }
    throw e
  }
  const checks = evaluateHealth(cluster, await probe(await api(), cluster), o)
  return { cluster: scope, status: worst(checks.map((c) => c.status)), checks }
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
  w: HealthWait,
): Promise<CheckReport> {
  const once = () =>
    checkCluster(parts.dcs, parts.api, scope, o).catch((e: unknown) => {
      // a cluster that is not there cannot be judged: UNKNOWN, not WARN
      if (e instanceof ActionError) throw new UnknownVerdictError(e.message)
      throw e
    })
  const deadline = parts.clock.now().getTime() + w.timeoutMs
  let report = await once()
  while (w.wait && report.status !== 'OK' && parts.clock.now().getTime() < deadline) {
    parts.progress(checkSummary(report))
    await parts.clock.sleep(w.intervalMs)
    report = await once()
  }
  return report
}
