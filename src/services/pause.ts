import { isPaused } from '../cluster/roles.js'
import type { Cluster } from '../cluster/types.js'
import { ActionError, AgentUnreachableError, PatroniApiError } from '../errors.js'
import { readCluster } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'

export interface PauseResult {
  readonly cluster: string
  readonly paused: boolean
  readonly member: string
  readonly waited: boolean
  readonly pending: readonly string[]
}

/** How long --wait waits for every member to agree by default (--wait-timeout's documented default). */
export const DEFAULT_PAUSE_WAIT_MS = 120_000

/** Leader first, then the others: the order patronictl tries members in. */
function leaderFirst(cluster: Cluster) {
  return [...cluster.members].sort(
    (a, b) => Number(b.name === cluster.leader?.value) - Number(a.name === cluster.leader?.value),
  )
}

/** Patroni does not finish a leader change while paused: the cluster can stay leaderless until resume. */
function warnIfHandingOver(deps: ActionDeps, cluster: Cluster): void {
  const fo = cluster.failover?.value
  const why =
    cluster.leader === null
      ? 'the cluster has no leader now (a failover may be running)'
      : fo && (fo.member !== undefined || fo.leader !== undefined) && fo.scheduledAt === undefined
        ? `a switchover${fo.member !== undefined ? ` to ${fo.member}` : ''} is in progress`
        : undefined
  if (why !== undefined) deps.note(`Warning: ${why}: pausing now may leave the cluster without a leader until resume`)
}

/** pause/resume: PATCH /config on the first member that answers, then optionally wait for every member to agree. */
export async function togglePause(
  deps: ActionDeps,
  o: { scope: string; paused: boolean; wait: boolean; waitTimeoutMs?: number; group?: number },
): Promise<PauseResult> {
  const cluster = await readCluster(deps.dcs, o.scope, {
    missing: deps.conduct.missingCluster,
    ...(o.group !== undefined ? { group: o.group } : {}),
  })
  if (isPaused(cluster) === o.paused)
    throw new ActionError(o.paused ? 'Cluster is already paused' : 'Cluster is not paused')
  if (o.paused) warnIfHandingOver(deps, cluster)
  const api = await deps.api()
  let answeredBy: string | undefined
  for (const m of leaderFirst(cluster)) {
    if (m.apiUrl === undefined) continue
    try {
      const applied = await api.patchConfig({ name: m.name, apiUrl: m.apiUrl }, { pause: o.paused ? true : null })
      // Patroni answers the configuration it wrote: it must say what was asked
      if ((applied['pause'] === true) !== o.paused)
        throw new ActionError(
          `${o.paused ? 'pause' : 'resume'}: ${m.name} answered a configuration ${o.paused ? 'without' : 'still with'} pause: true`,
        )
      answeredBy = m.name
      break
    } catch (e) {
      if (e instanceof AgentUnreachableError) {
        deps.warn(`Member ${m.name} is not accessible`)
        continue
      }
      if (e instanceof PatroniApiError) {
        const failed = `${o.paused ? 'pause' : 'resume'} cluster management status code=${e.status}, (${e.body})`
        // patronictl prints it on stdout and exits 0
        throw new ActionError(failed).saying({ stdout: `Failed: ${failed}`, exitCode: 0, text: '' })
      }
      throw e
    }
  }
  if (answeredBy === undefined) throw new ActionError('Can not find accessible cluster member')
  const word = o.paused ? 'paused' : 'resumed'
  if (!o.wait) {
    deps.report(`Success: cluster management is ${word}`)
    return { cluster: o.scope, paused: o.paused, member: answeredBy, waited: false, pending: [] }
  }
  deps.report(`'${o.paused ? 'pause' : 'resume'}' request sent, waiting until it is recognized by all nodes`)
  const timeoutMs = o.waitTimeoutMs ?? DEFAULT_PAUSE_WAIT_MS
  const started = deps.clock.now().getTime()
  let pending: string[] = cluster.members.map((m) => m.name)
  while (deps.clock.now().getTime() - started < timeoutMs) {
    const now = await deps.dcs.getCluster(o.scope, o.group)
    pending = now.members.filter((m) => m.pause !== o.paused).map((m) => m.name)
    if (pending.length === 0) break
    await deps.clock.sleep(500)
  }
  if (pending.length > 0) {
    throw new ActionError(
      `${pending.join(', ')} members didn't recognized pause state after ${Math.round(timeoutMs / 1000)} seconds`,
    )
  }
  deps.report(`Success: cluster management is ${word}`)
  return { cluster: o.scope, paused: o.paused, member: answeredBy, waited: true, pending: [] }
}
