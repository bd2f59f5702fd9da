import { agentOf } from '../cluster/member-selection.js'
import { isStandbyCluster } from '../cluster/roles.js'
import { localTimestamp } from '../cluster/schedule.js'
import { ActionError, AgentUnreachableError, PatroniApiError, UsageError } from '../errors.js'
import type { AgentRef } from '../patroni-api/api.js'
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

type StandbyAction = 'demote' | 'promote'

/**
 * demote-cluster / promote-cluster: PATCH /config on the leader with (or without) `standby_cluster`, then watch the
 * DCS until the leader runs in the new role. Bounded by the timeout (patronictl waits forever).
 */
export async function changeStandbyMode(
  deps: ActionDeps,
  o: { scope: string; action: StandbyAction; target?: StandbyTarget; force: boolean; timeoutMs: number },
): Promise<StandbyResult> {
  const t = o.target ?? {}
  if (o.action === 'demote' && t.host === undefined && t.port === undefined && t.restoreCommand === undefined) {
    throw new UsageError('At least --host, --port or --restore-command should be specified')
  }
  const cluster = await readCluster(deps.dcs, o.scope, { missing: deps.conduct.missingCluster })
  const noun = o.action === 'demote' ? 'demotion' : 'promotion'
  const leader = cluster.leader?.value
  const leaderMember = cluster.members.find((m) => m.name === leader)
  if (!leader || !leaderMember) throw new ActionError(`Cluster has no leader, ${noun} is not possible`)
  if (isStandbyCluster(cluster) === (o.action === 'demote'))
    throw new ActionError('Cluster is already in the required state')
  deps.report('Current cluster topology')
  deps.report(deps.topology(cluster))
  if (!o.force) {
    const ok = await deps.prompt.confirm({
      message: `Are you sure you want to ${o.action} ${o.scope} cluster?`,
      flag: '--force',
    })
    if (!ok) throw new ActionError(`Aborted cluster ${noun}`)
  }
  await patchStandbyConfig(deps, o.scope, o.action, agentOf(leaderMember), t)
  return waitForRole(deps, o.scope, o.action, leader, o.timeoutMs)
}

async function patchStandbyConfig(
  deps: ActionDeps,
  scope: string,
  action: StandbyAction,
  agent: AgentRef,
  t: StandbyTarget,
): Promise<void> {
  const patch =
    action === 'demote'
      ? {
          standby_cluster: {
            ...(t.host !== undefined ? { host: t.host } : {}),
            ...(t.port !== undefined ? { port: t.port } : {}),
            ...(t.primarySlotName !== undefined ? { primary_slot_name: t.primarySlotName } : {}),
            ...(t.restoreCommand !== undefined ? { restore_command: t.restoreCommand } : {}),
          },
        }
      : { standby_cluster: null }
  try {
    await (await deps.api()).patchConfig(agent, patch)
  } catch (e) {
    if (e instanceof PatroniApiError)
      throw new ActionError(`Failed to ${action} ${scope} cluster: /config PATCH status code=${e.status}, (${e.body})`)
    if (e instanceof AgentUnreachableError) throw new ActionError(`Failed to ${action} ${scope} cluster: ${e.reason}`)
    throw e
  }
}

/** patronictl's status line every second until the leader runs in its new role, then the table. */
async function waitForRole(
  deps: ActionDeps,
  scope: string,
  action: StandbyAction,
  oldLeader: string,
  timeoutMs: number,
): Promise<StandbyResult> {
  const started = deps.clock.now().getTime()
  const wanted = action === 'demote' ? ['standby_leader'] : ['primary', 'master']
  for (;;) {
    const now = await deps.dcs.getCluster(scope)
    const l = now.members.find((m) => m.name === now.leader?.value)
    const role = l?.role ?? 'none'
    // patronictl prints each poll on stdout; ptctl keeps stdout for the result
    ;(deps.conduct.stepsOfRelease ? deps.report : deps.progress)(
      `${localTimestamp(deps.clock.now())} cluster is unlocked: ${now.leader === null ? 'True' : 'False'}, leader role: ${role}, leader state: ${l?.state ?? 'none'}`,
    )
    if (now.leader !== null && l?.state === 'running' && wanted.includes(role)) {
      deps.report(`${localTimestamp(deps.clock.now())} cluster is successfully ${action}d`)
      deps.report(deps.topology(now))
      const seconds = (deps.clock.now().getTime() - started) / 1000
      return { cluster: scope, action, leader: now.leader.value, seconds }
    }
    if (deps.clock.now().getTime() - started > timeoutMs)
      throw new ActionError(
        `Timed out after ${timeoutMs / 1000}s waiting for the cluster to be ${action}d (leader role: ${role}, was ${oldLeader})`,
      )
    await deps.clock.sleep(1000)
  }
}
