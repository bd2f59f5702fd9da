import { isOn } from '../values.js'
import { memberView } from './member-view.js'
import { memberRole, synchronousMode } from './roles.js'
import type { Cluster, Member } from './types.js'

export const DEFAULT_MAXIMUM_LAG_ON_FAILOVER = 1048576

/** Why a member can or cannot take over as leader, judged from the DCS before anything is asked or sent. */
export interface Eligibility {
  readonly name: string
  readonly eligible: boolean
  /** why Patroni will refuse it */
  readonly reasons: readonly string[]
  /**
   * why Patroni may refuse it: lag is judged from member keys that are up to loop_wait old, while Patroni asks the
   * candidate itself, so a lag seen here is said but does not stop the request
   */
  readonly warnings: readonly string[]
}

export function isNoFailover(member: Member): boolean {
  return isOn(member.tags['nofailover'])
}

/** The lag a failover tolerates: the cluster's maximum_lag_on_failover, else Patroni's default. */
export function maximumLag(cluster: Cluster): number {
  const v = cluster.config?.value['maximum_lag_on_failover']
  return typeof v === 'number'
    ? v
    : typeof v === 'string' && /^\d+$/.test(v)
      ? Number(v)
      : DEFAULT_MAXIMUM_LAG_ON_FAILOVER
}

/** Lag in bytes from the leader's last known position; undefined when the member published no position. */
export function replicaLag(cluster: Cluster, member: Member): number | undefined {
  const view = memberView(cluster, member)
  const lags = [view.receive, view.replay].flatMap((p) => (p === undefined || p === 'unknown' ? [] : [p.lagBytes]))
  return lags.length === 0 ? undefined : Math.min(...lags)
}

/**
 * Every member's eligibility as a switchover/failover target, with the reasons Patroni would refuse it:
 * the leader itself, the nofailover tag, not running or streaming, no REST API, and (switchover in synchronous mode)
 * not being a synchronous standby; lag above maximum_lag_on_failover is a warning (see Eligibility).
 */
export function checkCandidates(cluster: Cluster, action: 'switchover' | 'failover'): Eligibility[] {
  const maxLag = maximumLag(cluster)
  const sync = synchronousMode(cluster) !== 'off'
  return cluster.members.map((m) => {
    const reasons: string[] = []
    const warnings: string[] = []
    if (cluster.leader?.value === m.name) reasons.push('is the current leader')
    if (isNoFailover(m)) reasons.push('is tagged nofailover')
    const state = m.replicationState ?? m.state
    if (state !== 'running' && state !== 'streaming') reasons.push(`is not running (state: ${state ?? 'unknown'})`)
    if (m.apiUrl === undefined) reasons.push('publishes no REST API url')
    const lag = replicaLag(cluster, m)
    if (cluster.leader?.value !== m.name && lag !== undefined && lag > maxLag) {
      warnings.push(`lags ${lag} bytes behind the leader in the DCS, more than maximum_lag_on_failover (${maxLag})`)
    }
    if (action === 'switchover' && sync && cluster.leader?.value !== m.name) {
      const role = memberRole(cluster, m.name)
      if (role !== 'sync_standby' && role !== 'quorum_standby')
        reasons.push('is not a synchronous standby (synchronous_mode is on)')
    }
    return { name: m.name, eligible: reasons.length === 0, reasons, warnings }
  })
}

export function describeEligibility(e: Eligibility): string {
  const warned = e.warnings.length > 0 ? ` (Patroni may refuse it: ${e.warnings.join('; ')})` : ''
  return e.eligible ? `${e.name}: eligible${warned}` : `${e.name}: not eligible: ${e.reasons.join('; ')}${warned}`
}
