import { agentOf } from '../cluster/member-selection.js'
import { isStandbyCluster } from '../cluster/roles.js'
import { localTimestamp } from '../cli/watch.js'
import { ActionError, AgentUnreachableError, PatroniApiError, UsageError } from '../errors.js'
import { topologyText } from '../output/cluster-table.js'
import { readCluster } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'

export interface StandbyTarget {
  readonly host?: string
  readonly port?: number
  readonly restoreCommand?: string
  readonly primarySlotName?: string
}

export interface StandbyResult {
  readonly cluster: string
  readonly action: 'demote' | 'promote'
  readonly leader: string
  readonly seconds: number
}

/**
 * demote-cluster / promote-cluster: PATCH /config on the leader with (or without) `standby_cluster`, then watch the
 * DCS until the leader runs in the new role. Bounded by the timeout (patronictl waits forever).
 */
export async function changeStandbyMode(
  deps: ActionDeps,
  o: { scope: string; action: 'demote' | 'promote'; target?: StandbyTarget; force: boolean; timeoutMs: number },
): Promise<StandbyResult> {
  const t = o.target ?? {}
  if (o.action === 'demote' && t.host === undefined && t.port === undefined && t.restoreCommand === undefined) {
    throw new UsageError('At least --host, --port or --restore-command should be specified')
  }
  const cluster = await readCluster(deps.dcs, o.scope)
  const noun = o.action === 'demote' ? 'demotion' : 'promotion'
  const leader = cluster.leader?.value
  const leaderMember = cluster.members.find((m) => m.name === leader)
  if (!leader || !leaderMember) throw new ActionError(`Cluster has no leader, ${noun} is not possible`)
  if (isStandbyCluster(cluster) === (o.action === 'demote'))
    throw new ActionError('Cluster is already in the required state')
  deps.report('Current cluster topology')
  deps.report(topologyText(cluster))
  if (!o.force) {
    const ok = await deps.prompt.confirm({
      message: `Are you sure you want to ${o.action} ${o.scope} cluster?`,
      flag: '--force',
    })
    if (!ok) throw new ActionError(`Aborted cluster ${noun}`)
  }
  const patch =
    o.action === 'demote'
      ? {
          standby_cluster: {
            ...(t.host !== undefined ? { host: t.host } : {}),
            ...(t.port !== undefined ? { port: t.port } : {}),
            ...(t.primarySlotName !== undefined ? { primary_slot_name: t.primarySlotName } : {}),
            ...(t.restoreCommand !== undefined ? { restore_command: t.restoreCommand } : {}),
          },
        }
      : { standby_cluster: null }
  const api = await deps.api()
  try {
    await api.patchConfig(agentOf(leaderMember), patch)
  } catch (e) {
    if (e instanceof PatroniApiError)
      throw new ActionError(
        `Failed to ${o.action} ${o.scope} cluster: /config PATCH status code=${e.status}, (${e.body})`,
      )
    if (e instanceof AgentUnreachableError)
      throw new ActionError(`Failed to ${o.action} ${o.scope} cluster: ${e.reason}`)
    throw e
  }
  const started = deps.clock.now().getTime()
  const wanted = o.action === 'demote' ? 'standby_leader' : ['primary', 'master']
  for (;;) {
    const now = await deps.dcs.getCluster(o.scope)
    const l = now.members.find((m) => m.name === now.leader?.value)
    const role = l?.role ?? 'none'
    deps.progress(
      `${localTimestamp(deps.clock.now())} cluster is unlocked: ${now.leader === null ? 'True' : 'False'}, leader role: ${role}, leader state: ${l?.state ?? 'none'}`,
    )
    const done =
      now.leader !== null && l?.state === 'running' && (Array.isArray(wanted) ? wanted.includes(role) : role === wanted)
    if (done) {
      deps.report(`${localTimestamp(deps.clock.now())} cluster is successfully ${o.action}d`)
      deps.report(topologyText(now))
      return {
        cluster: o.scope,
        action: o.action,
        leader: now.leader?.value ?? leader,
        seconds: (deps.clock.now().getTime() - started) / 1000,
      }
    }
    if (deps.clock.now().getTime() - started > o.timeoutMs) {
      throw new ActionError(
        `Timed out after ${o.timeoutMs / 1000}s waiting for the cluster to be ${o.action}d (leader role: ${role})`,
      )
    }
    await deps.clock.sleep(1000)
  }
}
