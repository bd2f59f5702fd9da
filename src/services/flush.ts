import type { CitusChoice } from '../cluster/citus.js'
import { agentOf } from '../cluster/member-selection.js'
import { actionTimestamp } from '../cluster/schedule.js'
import type { CtlRole } from '../cluster/select.js'
import type { Cluster } from '../cluster/types.js'
import {
  ActionError,
  AgentUnreachableError,
  PatroniApiError,
  UnrecognizedAnswerError,
  VersionConflictError,
} from '../errors.js'
import { confirmOrAbort, showAndSelect } from './member-actions.js'
import { done, memberFailure, type MemberActionResult, type MemberOutcome } from './member-outcomes.js'
import { readCluster } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'

/** patronictl's `flush ... restart`: DELETE /restart on the selected members that have a scheduled restart. */
export async function flushRestarts(
  deps: ActionDeps,
  o: { scope: string; names: readonly string[]; role: CtlRole; force: boolean; citus?: CitusChoice },
): Promise<MemberActionResult> {
  const { members } = await showAndSelect(deps, o)
  await confirmOrAbort(
    deps,
    o.force,
    `Are you sure you want to flush members ${members.map((m) => m.name).join(', ')}?`,
    'Aborted flush',
  )
  const api = await deps.api()
  const outcomes: MemberOutcome[] = []
  for (const m of members) {
    if (!m.scheduledRestart) {
      outcomes.push(done(m.name, null, `No scheduled restart for member ${m.name}`))
      continue
    }
    try {
      await api.cancelRestart(agentOf(m))
      outcomes.push(done(m.name, 200, `Success: flush scheduled restart for member ${m.name}`))
    } catch (e) {
      outcomes.push(memberFailure(m.name, e, 'flush scheduled restart'))
    }
  }
  for (const r of outcomes) deps.report(r.message)
  return { cluster: o.scope, members: outcomes }
}

export interface FlushSwitchoverResult {
  readonly cluster: string
  readonly flushed: boolean
  readonly via: 'rest' | 'dcs' | 'none'
  readonly message: string
}

/**
 * DELETE /switchover on the leader, then the others. Only when no agent answered at all is `{}` written into the
 * failover key (compare-and-set on the version read, as patronictl does): agents that refuse (401, 403, ...) are
 * never bypassed through the DCS.
 */
export async function flushSwitchover(
  deps: ActionDeps,
  o: { scope: string; group?: number },
): Promise<FlushSwitchoverResult> {
  const cluster = await readCluster(deps.dcs, o.scope, {
    missing: deps.conduct.missingCluster,
    ...(o.group !== undefined ? { group: o.group } : {}),
  })
  if (!cluster.failover?.value.scheduledAt) {
    deps.report('No pending scheduled switchover')
    return { cluster: o.scope, flushed: false, via: 'none', message: 'No pending scheduled switchover' }
  }
  const refusals = await cancelThroughAgents(deps, cluster)
  if (refusals === 'cancelled') {
    deps.report('Success: scheduled switchover deleted')
    return { cluster: o.scope, flushed: true, via: 'rest', message: 'scheduled switchover deleted' }
  }
  if (refusals.length > 0)
    throw new ActionError(
      `Failed: the members refused to delete the scheduled switchover (${refusals.join('; ')}); the DCS was not touched`,
    )
  deps.report(`${actionTimestamp(deps.clock.now())} Could not find any accessible member of cluster ${o.scope}`)
  return writeEmptyFailoverKey(deps, cluster)
}

/** Asks each agent, leader first; 'cancelled', or the refusals heard (none: nobody answered). */
async function cancelThroughAgents(deps: ActionDeps, cluster: Cluster): Promise<'cancelled' | string[]> {
  const api = await deps.api()
  const ordered = [...cluster.members].sort(
    (a, b) => Number(b.name === cluster.leader?.value) - Number(a.name === cluster.leader?.value),
  )
  const refusals: string[] = []
  for (const m of ordered) {
    if (m.apiUrl === undefined) continue
    try {
      await api.cancelSwitchover(agentOf(m))
      return 'cancelled'
    } catch (e) {
      if (e instanceof PatroniApiError && e.status === 404)
        throw new ActionError('Failed: no switchover is scheduled').saying({
          stdout: `Failed: ${e.body}`,
          exitCode: 0,
          text: '',
        })
      if (e instanceof PatroniApiError || e instanceof UnrecognizedAnswerError) {
        const line = `Failed: member=${m.name}, status_code=${e.status}, (${e.body})`
        deps.report(line)
        refusals.push(`${m.name}: ${e.status}`)
      } else if (e instanceof AgentUnreachableError) {
        deps.warn(`Member ${m.name} is not accessible`)
        deps.note(`(${e.reason})`)
      } else throw e
    }
  }
  return refusals
}

async function writeEmptyFailoverKey(deps: ActionDeps, cluster: Cluster): Promise<FlushSwitchoverResult> {
  try {
    await deps.dcs.setFailover(cluster, {}, cluster.failover?.version)
  } catch (e) {
    // changed since it was read: an agent that did not answer in time may have deleted it after all
    if (!(e instanceof VersionConflictError)) throw e
    const now = await deps.dcs.getCluster(cluster.scope, cluster.group)
    if (now.failover?.value.scheduledAt) throw e
  }
  return { cluster: cluster.scope, flushed: true, via: 'dcs', message: 'wrote {} into the failover key' }
}
