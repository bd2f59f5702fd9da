import { agentOf, selectMembers } from '../cluster/member-selection.js'
import { patroniVersionAtLeast } from '../cluster/patroni-version.js'
import type { Member } from '../cluster/types.js'
import { ActionError, PatroniApiError } from '../errors.js'
import { topologyText } from '../output/cluster-table.js'
import { inParallel, memberFailure, type MemberActionResult, type MemberOutcome } from './member-actions.js'
import { readCluster } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'

export interface ReinitOptions {
  readonly scope: string
  readonly names: readonly string[]
  readonly force: boolean
  readonly fromLeader: boolean
  readonly wait: boolean
  readonly waitTimeoutMs: number
}

/** patronictl's reinit: replicas only, confirmation, POST /reinitialize, the "already in progress" retry, --wait. */
export async function reinitMembers(deps: ActionDeps, o: ReinitOptions): Promise<MemberActionResult> {
  const cluster = await readCluster(deps.dcs, o.scope)
  let names = o.names
  if (names.length === 0) {
    const replicas = selectMembers(cluster, [], 'replica').map((m) => m.name)
    deps.report(topologyText(cluster))
    if (o.force) {
      // patronictl asks nothing with --force and does nothing: a step with nothing to do is not a failure
      deps.progress('No member named to reinitialize: nothing to do (with --force nothing is asked)')
      return { cluster: o.scope, members: [] }
    }
    const answer = await deps.prompt.input({
      message: `Which member do you want to reinitialize [${replicas.join(', ')}]? `,
      default: '',
      flag: 'MEMBER_NAMES',
    })
    names = answer.split(/[\s,]+/).filter((n) => n !== '')
    if (names.length === 0) throw new ActionError('No member given to reinitialize')
  } else {
    deps.report(topologyText(cluster))
  }
  const members = selectMembers(cluster, names, 'replica')
  if (!o.force) {
    const ok = await deps.prompt.confirm({
      message: `Are you sure you want to reinitialize members ${members.map((m) => m.name).join(', ')}?`,
      flag: '--force',
    })
    if (!ok) throw new ActionError('Aborted reinitialize')
  }
  const api = await deps.api()
  if (o.fromLeader) {
    // --from-leader exists since Patroni 4.1; older agents ignore the field and copy from any member
    for (const m of members) {
      if (!patroniVersionAtLeast(m.patroniVersion, [4, 1]))
        deps.progress(`${m.name} runs Patroni ${m.patroniVersion ?? '?'}, which ignores --from-leader`)
    }
  }
  const body = (force: boolean) => ({ force, ...(o.fromLeader ? { from_leader: true } : {}) })
  const failed = (m: Member, e: unknown): MemberOutcome => memberFailure(m.name, e, 'reinitialize')
  const succeeded = (m: Member): MemberOutcome => ({
    member: m.name,
    ok: true,
    status: 200,
    message: `Success: reinitialize for member ${m.name}`,
  })
  const outcomes = await inParallel(members, 8, async (m: Member): Promise<MemberOutcome> => {
    try {
      await api.reinitialize(agentOf(m), body(o.force))
      return succeeded(m)
    } catch (e) {
      const inProgress = e instanceof PatroniApiError && e.body.endsWith(' already in progress') && !o.force
      if (
        !inProgress ||
        !(await deps.prompt.confirm({ message: 'Do you want to cancel it and reinitialize anyway?', flag: '--force' }))
      )
        return failed(m, e)
      try {
        await api.reinitialize(agentOf(m), body(true))
        return succeeded(m)
      } catch (retryError) {
        return failed(m, retryError)
      }
    }
  })
  for (const r of outcomes) deps.report(r.message)
  const started = outcomes.filter((r) => r.ok).map((r) => r.member)
  if (o.wait && started.length > 0) {
    deps.report(`Waiting for reinitialize to complete on: ${started.join(', ')}`)
    const t0 = deps.clock.now().getTime()
    let pending = [...started]
    let sawStart = false
    while (pending.length > 0) {
      if (deps.clock.now().getTime() - t0 > o.waitTimeoutMs) {
        throw new ActionError(
          `Timed out after ${o.waitTimeoutMs / 1000}s waiting for reinitialize on: ${pending.join(', ')}`,
        )
      }
      await deps.clock.sleep(1000)
      const statuses = await Promise.all(
        pending.map(async (name) => {
          const m = members.find((x) => x.name === name) as Member
          try {
            return { name, state: (await api.status(agentOf(m))).state ?? 'unknown' }
          } catch {
            return { name, state: 'unreachable' }
          }
        }),
      )
      if (statuses.some((s) => s.state !== 'running')) sawStart = true
      // a member that is running again after it was seen rebuilding (or after a few seconds) is done
      const done = statuses
        .filter((s) => s.state === 'running' && (sawStart || deps.clock.now().getTime() - t0 > 5000))
        .map((s) => s.name)
      if (done.length > 0) deps.report(`Reinitialize is completed on: ${done.join(', ')}`)
      pending = pending.filter((n) => !done.includes(n))
      deps.progress(`waiting for reinitialize: ${statuses.map((s) => `${s.name} ${s.state}`).join(', ')}`)
    }
  }
  return { cluster: o.scope, members: outcomes }
}
