import { agentOf, selectMembers } from '../cluster/member-selection.js'
import { actionTimestamp } from '../cluster/schedule.js'
import type { CtlRole } from '../cluster/select.js'
import { ActionError, AgentUnreachableError, PatroniApiError } from '../errors.js'
import { topologyText } from '../output/cluster-table.js'
import { memberFailure, type MemberActionResult, type MemberOutcome } from './member-actions.js'
import { readCluster } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'

export async function flushRestarts(
  deps: ActionDeps,
  o: { scope: string; names: readonly string[]; role: CtlRole; force: boolean },
): Promise<MemberActionResult> {
  const cluster = await readCluster(deps.dcs, o.scope)
  const members = selectMembers(cluster, o.names, o.role)
  deps.report(topologyText(cluster))
  if (!o.force) {
    const ok = await deps.prompt.confirm({
      message: `Are you sure you want to flush members ${members.map((m) => m.name).join(', ')}?`,
      flag: '--force',
    })
    if (!ok) throw new ActionError('Aborted flush')
  }
  const api = await deps.api()
  const outcomes: MemberOutcome[] = []
  for (const m of members) {
    if (!m.scheduledRestart) {
      outcomes.push({ member: m.name, ok: true, status: null, message: `No scheduled restart for member ${m.name}` })
      continue
    }
    try {
      const answer = await api.cancelRestart(agentOf(m))
      outcomes.push({
        member: m.name,
        ok: true,
        status: answer.status,
        message: `Success: flush scheduled restart for member ${m.name}`,
      })
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

/** DELETE /switchover on the leader, then the others; nobody reachable → `{}` into the failover key, compare-and-set. */
export async function flushSwitchover(deps: ActionDeps, o: { scope: string }): Promise<FlushSwitchoverResult> {
  const cluster = await readCluster(deps.dcs, o.scope)
  if (!cluster.failover?.value.scheduledAt) {
    deps.report('No pending scheduled switchover')
    return { cluster: o.scope, flushed: false, via: 'none', message: 'No pending scheduled switchover' }
  }
  const api = await deps.api()
  const ordered = [...cluster.members].sort(
    (a, b) => Number(b.name === cluster.leader?.value) - Number(a.name === cluster.leader?.value),
  )
  for (const m of ordered) {
    if (m.apiUrl === undefined) continue
    try {
      await api.cancelSwitchover(agentOf(m))
      deps.report('Success: scheduled switchover deleted')
      return { cluster: o.scope, flushed: true, via: 'rest', message: 'scheduled switchover deleted' }
    } catch (e) {
      if (e instanceof PatroniApiError && e.status === 404) throw new ActionError('Failed: no switchover is scheduled')
      if (e instanceof PatroniApiError) deps.progress(`Failed: member=${m.name}, status_code=${e.status}, (${e.body})`)
      else if (e instanceof AgentUnreachableError) deps.progress(`Member ${m.name} is not accessible (${e.reason})`)
      else throw e
    }
  }
  deps.report(`${actionTimestamp(deps.clock.now())} Could not find any accessible member of cluster ${o.scope}`)
  await deps.dcs.setFailover(o.scope, {}, cluster.failover.version)
  return { cluster: o.scope, flushed: true, via: 'dcs', message: 'wrote {} into the failover key' }
}
