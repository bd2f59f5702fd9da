import { hasRole, type CtlRole } from '../cluster/select.js'
import { membersOf, type ClusterGroups } from '../cluster/citus.js'
import type { Member } from '../cluster/types.js'
import { ActionError } from '../errors.js'

export interface Dsn {
  readonly member: string
  readonly host: string
  readonly port: number
  readonly dsn: string
}

/** patronictl's `dsn`: the first member (by group, then name) with the role, or the named member. */
export function findDsn(view: ClusterGroups, selector: { role?: CtlRole; member?: string }): Dsn {
  let candidates: Member[]
  const all = membersOf(view)
  if (selector.member !== undefined) {
    candidates = all.filter((x) => x.member.name === selector.member).map((x) => x.member)
    if (candidates.length === 0)
      throw new ActionError(`Member ${selector.member} does not exist in cluster ${view.scope}`)
  } else {
    const role = selector.role ?? 'leader'
    candidates = all.filter((x) => hasRole(x.cluster, x.member, role)).map((x) => x.member)
  }
  const member = candidates.find((m) => m.host !== undefined)
  if (!member || member.host === undefined) throw new ActionError('Can not find a suitable member')
  const port = member.port ?? 5432
  return { member: member.name, host: member.host, port, dsn: `host=${member.host} port=${port}` }
}
