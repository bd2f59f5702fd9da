import { hasRole, type CtlRole } from '../cluster/select.js'
import type { Cluster, Member } from '../cluster/types.js'
import { ActionError } from '../errors.js'

export interface Dsn {
  readonly member: string
  readonly host: string
  readonly port: number
  readonly dsn: string
}

/** patronictl's `dsn`: the first member (by name) with the role, or the named member. */
export function findDsn(cluster: Cluster, selector: { role?: CtlRole; member?: string }): Dsn {
  let candidates: Member[]
  if (selector.member !== undefined) {
    candidates = cluster.members.filter((m) => m.name === selector.member)
    if (candidates.length === 0)
      throw new ActionError(`Member ${selector.member} does not exist in cluster ${cluster.scope}`)
  } else {
    const role = selector.role ?? 'leader'
    candidates = cluster.members.filter((m) => hasRole(cluster, m, role))
  }
  const member = candidates.find((m) => m.host !== undefined)
  if (!member || member.host === undefined) throw new ActionError('Can not find a suitable member')
  const port = member.port ?? 5432
  return { member: member.name, host: member.host, port, dsn: `host=${member.host} port=${port}` }
}
