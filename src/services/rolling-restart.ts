import { agentOf } from '../cluster/member-selection.js'
import { ActionError, AgentUnreachableError, PatroniApiError } from '../errors.js'
import { failoverOrSwitchover } from './failover.js'
import { readCluster } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'
import { waitForMembersRunning } from './wait-members.js'

export interface RollingStep {
  readonly step: string
  readonly seconds: number
}

export interface RollingResult {
  readonly cluster: string
  readonly steps: readonly RollingStep[]
}

/**
 * What users expect `restart` to do (patroni#2385): every replica in turn, each back to running before the next;
 * then a switchover to a replica; then the old leader, now a replica.
 */
export async function rollingRestart(
  deps: ActionDeps,
  o: { scope: string; force: boolean; waitTimeoutMs: number; timeout?: string },
): Promise<RollingResult> {
  const cluster = await readCluster(deps.dcs, o.scope, { missing: deps.conduct.missingCluster })
  const leader = cluster.leader?.value
  if (leader === undefined) throw new ActionError('This cluster has no leader')
  const replicas = cluster.members.filter((m) => m.name !== leader)
  const order = [...replicas.map((m) => m.name), `switchover from ${leader}`, leader]
  if (!o.force) {
    const ok = await deps.prompt.confirm({
      message: `Are you sure you want a rolling restart of cluster ${o.scope}: ${order.join(', then ')}?`,
      flag: '--force',
    })
    if (!ok) throw new ActionError('Aborted restart')
  }
  const api = await deps.api()
  const steps: RollingStep[] = []
  const restartOne = async (name: string) => {
    const now = await deps.dcs.getCluster(o.scope)
    const m = now.members.find((x) => x.name === name)
    if (!m) throw new ActionError(`${name} is not a member of cluster`)
    const t0 = deps.clock.now().getTime()
    try {
      await api.restart(agentOf(m), o.timeout !== undefined ? { timeout: o.timeout } : {})
    } catch (e) {
      if (e instanceof PatroniApiError)
        throw new ActionError(
          `Failed: restart for member ${name}, status code=${e.status}, (${e.body}); rolling restart stopped`,
        )
      if (e instanceof AgentUnreachableError)
        throw new ActionError(`Failed: restart for member ${name}, ${e.reason}; rolling restart stopped`)
      throw e
    }
    await waitForMembersRunning(deps, { scope: o.scope, members: [name], timeoutMs: o.waitTimeoutMs })
    const seconds = (deps.clock.now().getTime() - t0) / 1000
    deps.report(`Success: restart on member ${name} (${seconds.toFixed(1)}s)`)
    steps.push({ step: `restart ${name}`, seconds })
  }
  for (const r of replicas) await restartOne(r.name)
  if (replicas.length > 0) {
    const t0 = deps.clock.now().getTime()
    const sw = await failoverOrSwitchover(
      { ...deps, report: () => undefined },
      {
        action: 'switchover',
        scope: o.scope,
        leader,
        force: true,
        dryRun: false,
        wait: true,
        waitTimeoutMs: o.waitTimeoutMs,
      },
    )
    const seconds = (deps.clock.now().getTime() - t0) / 1000
    deps.report(`Success: switched over from ${leader} to ${sw.wait?.newLeader ?? '?'} (${seconds.toFixed(1)}s)`)
    steps.push({ step: `switchover ${leader} -> ${sw.wait?.newLeader ?? '?'}`, seconds })
  }
  await restartOne(leader)
  return { cluster: o.scope, steps }
}
