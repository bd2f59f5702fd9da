import type { CitusChoice } from '../cluster/citus.js'
import { agentOf } from '../cluster/member-selection.js'
import { clusterLoopWait } from '../cluster/roles.js'
import type { CtlRole } from '../cluster/select.js'
import { confirmOrAbort, showAndSelect } from './member-actions.js'
import { done, inParallel, memberFailure, type MemberActionResult, type MemberOutcome } from './member-outcomes.js'
import type { ActionDeps } from './reporter.js'

export interface ReloadOptions {
  readonly scope: string
  readonly citus?: CitusChoice
  readonly names: readonly string[]
  readonly role: CtlRole
  readonly force: boolean
  /** the local configuration's loop_wait, for a cluster whose dynamic config has none */
  readonly loopWait: number
}

/** patronictl's reload: select, confirm, POST /reload per member; the message quotes the cluster's loop_wait. */
export async function reloadMembers(deps: ActionDeps, o: ReloadOptions): Promise<MemberActionResult> {
  const { cluster, members } = await showAndSelect(deps, o)
  const loopWait = clusterLoopWait(cluster) ?? o.loopWait
  await confirmOrAbort(
    deps,
    o.force,
    `Are you sure you want to reload members ${members.map((m) => m.name).join(', ')}?`,
    'Aborted reload',
  )
  const api = await deps.api()
  const outcomes = await inParallel(members, 8, async (m): Promise<MemberOutcome> => {
    try {
      return (await api.reload(agentOf(m))) === 'nothing-changed'
        ? done(m.name, 200, `No changes to apply on member ${m.name}`)
        : done(
            m.name,
            202,
            `Reload request received for member ${m.name} and will be processed within ${loopWait} seconds`,
          )
    } catch (e) {
      return memberFailure(m.name, e, 'reload')
    }
  })
  for (const r of outcomes) deps.report(r.message)
  return { cluster: o.scope, members: outcomes }
}
