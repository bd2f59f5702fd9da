import { memberRole, NEWEST_ROLE_RULES, type ClusterRole, type RoleRules } from './roles.js'
import type { Cluster, Member, PendingRestartChange, ScheduledRestart } from './types.js'

/** An LSN position on a replica: a byte position, or `unknown` when the agent did not publish it. */
export type LsnPosition = { readonly lsn: number; readonly lagBytes: number } | 'unknown'

/** One row of `list`: what patronictl's cluster_as_json derives from a member. */
export interface MemberView {
  readonly name: string
  readonly host?: string
  readonly port?: number
  readonly role: ClusterRole
  readonly state?: string
  readonly timeline?: number
  /** absent on the leader, where receive/replay do not apply */
  readonly receive?: LsnPosition
  readonly replay?: LsnPosition
  /** Patroni's one `xlog_location` position (the `Lag in MB` of patronictl before 4.1); absent on the leader */
  readonly xlog?: LsnPosition
  readonly pendingRestart: boolean
  readonly pendingRestartReason?: Readonly<Record<string, PendingRestartChange>>
  readonly scheduledRestart?: ScheduledRestart
  readonly tags: Readonly<Record<string, unknown>>
  readonly apiUrl?: string
}

function position(lsn: number | undefined, lastLsn: number): LsnPosition {
  if (lsn === undefined) return 'unknown'
  return { lsn, lagBytes: lastLsn >= lsn ? lastLsn - lsn : 0 }
}

export function memberView(cluster: Cluster, member: Member, rules: RoleRules = NEWEST_ROLE_RULES): MemberView {
  const role = memberRole(cluster, member.name, rules)
  const isLeader = role === 'leader' || role === 'standby_leader'
  // a standby leader replicates from the remote primary, so it reports its replication state too
  const state =
    rules.stateFromReplication && role !== 'leader' && member.replicationState !== undefined
      ? member.replicationState
      : member.state
  const common = {
    name: member.name,
    ...(member.host !== undefined ? { host: member.host } : {}),
    ...(member.port !== undefined ? { port: member.port } : {}),
    role,
    ...(state !== undefined ? { state } : {}),
    ...(member.timeline !== undefined ? { timeline: member.timeline } : {}),
    pendingRestart: member.pendingRestart,
    ...(member.pendingRestartReason ? { pendingRestartReason: member.pendingRestartReason } : {}),
    ...(member.scheduledRestart ? { scheduledRestart: member.scheduledRestart } : {}),
    tags: member.tags,
    ...(member.apiUrl !== undefined ? { apiUrl: member.apiUrl } : {}),
  }
  if (isLeader) return common

  let receive = member.receiveLsn
  let replay = member.replayLsn
  // Patroni < 4 publishes only xlog_location: it goes to the column matching what the replica is doing
  if (receive === undefined && replay === undefined && member.xlogLocation !== undefined) {
    if (state === 'streaming') receive = member.xlogLocation
    else replay = member.xlogLocation
  }
  return {
    ...common,
    receive: position(receive, cluster.lastLsn),
    replay: position(replay, cluster.lastLsn),
    xlog: position(member.xlogLocation, cluster.lastLsn),
  }
}

export function memberViews(cluster: Cluster, rules: RoleRules = NEWEST_ROLE_RULES): MemberView[] {
  return cluster.members.map((m) => memberView(cluster, m, rules))
}
