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
      throw new ActionError(`Member ${selector.member} does not exist in cluster ${view.scope}`).saying({
        message: 'Can not find a suitable member',
      })
  } else {
    const role = selector.role ?? 'leader'
    candidates = all.filter((x) => hasRole(x.cluster, x.member, role)).map((x) => x.member)
  }
  const member = candidates.find((m) => m.host !== undefined)
  if (!member || member.host === undefined) throw new ActionError('Can not find a suitable member')
  const port = member.port ?? 5432
  return { member: member.name, host: member.host, port, dsn: `host=${member.host} port=${port}` }
}

/** What libpq is asked to find among the hosts (`target_session_attrs`); undefined: the first that answers. */
export type SessionAttrs = 'read-write' | 'prefer-standby' | 'read-only' | undefined

export interface DsnUri {
  readonly uri: string
  /** the members in the URI, in the order libpq tries them */
  readonly members: readonly string[]
  readonly targetSessionAttrs: SessionAttrs
}

/** A host as a URI writes it: an IPv6 address in brackets. */
const uriHost = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host)

/**
 * A multi-host libpq URI (as pg_auto_failover's `show uri`): every member with an address, those with the role first,
 * and `target_session_attrs` so that libpq itself finds the primary (`read-write`) or a standby (`prefer-standby`)
 * among them, also after a switchover. A named member gives a one-host URI.
 */
export function dsnUri(
  view: ClusterGroups,
  selector: { role?: CtlRole; member?: string },
  o: { dbname: string; user?: string },
): DsnUri {
  const all = membersOf(view).filter((x) => x.member.host !== undefined)
  let chosen: typeof all
  let attrs: SessionAttrs
  if (selector.member !== undefined) {
    chosen = all.filter((x) => x.member.name === selector.member)
    if (chosen.length === 0) throw new ActionError(`Member ${selector.member} does not exist in cluster ${view.scope}`)
    attrs = undefined
  } else {
    const role = selector.role ?? 'leader'
    const first = all.filter((x) => hasRole(x.cluster, x.member, role))
    chosen = [...first, ...all.filter((x) => !first.includes(x))]
    attrs = SESSION_ATTRS[role]
  }
  if (chosen.length === 0) throw new ActionError('Can not find a suitable member')
  const hosts = chosen.map((x) => `${uriHost(x.member.host ?? '')}:${x.member.port ?? 5432}`).join(',')
  const user = o.user !== undefined ? `${encodeURIComponent(o.user)}@` : ''
  const query = attrs !== undefined ? `?target_session_attrs=${attrs}` : ''
  return {
    uri: `postgresql://${user}${hosts}/${encodeURIComponent(o.dbname)}${query}`,
    members: chosen.map((x) => x.member.name),
    targetSessionAttrs: attrs,
  }
}

const SESSION_ATTRS: Record<CtlRole, SessionAttrs> = {
  leader: 'read-write',
  primary: 'read-write',
  master: 'read-write',
  // a standby cluster's leader is itself read-only
  'standby-leader': 'read-only',
  replica: 'prefer-standby',
  standby: 'prefer-standby',
  any: undefined,
}
