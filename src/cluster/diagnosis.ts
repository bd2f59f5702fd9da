import type { DcsProbe } from '../dcs/endpoint-probe.js'
import { dcsFindings } from './dcs-diagnosis.js'
import { finding, type Finding } from './finding.js'
import { checkCandidates, maximumLag, replicaLag } from './candidates.js'
import { worst, type CheckResult, type Verdict } from './health.js'
import { synchronousMode } from './roles.js'
import type { Cluster } from './types.js'
import { isOn } from '../values.js'

/** What one member's agent said on `GET /patroni` (doctor), or why it said nothing. */
export interface AgentFacts {
  readonly member: string
  /** undefined: it did not answer (see `error`) */
  readonly systemIdentifier?: string
  readonly serverVersion?: number
  readonly patroniVersion?: string
  /** the leader's walsenders: who streams, and how PostgreSQL counts them for synchronous replication */
  readonly replication?: readonly { readonly name: string; readonly state?: string; readonly syncState?: string }[]
  readonly answered: boolean
  readonly error?: string
  /** the agent's clock minus this machine's, at least (its HTTP Date header against our send and receive times) */
  readonly clockSkewMs?: number
}

export interface DiagnosisInput {
  readonly cluster: Cluster
  readonly dcs: DcsProbe
  readonly agents: readonly AgentFacts[]
  /** check's own verdicts, shared rather than repeated */
  readonly health: readonly CheckResult[]
}

/** Every finding for one cluster, in the order a DBA reads them: the DCS first, the cluster's health last. */
export function diagnose(input: DiagnosisInput): Finding[] {
  const { cluster } = input
  return [
    ...dcsFindings(input.dcs, cluster),
    ...identityFindings(cluster, input.agents),
    timingFinding(cluster),
    ...clockFindings(cluster, input.agents),
    failsafeFinding(cluster),
    failoverFinding(cluster, input.agents),
    ...replicationFindings(cluster, input.agents),
    ...pendingFindings(cluster),
    ...input.health.map((h) =>
      finding('health', h.check, h.status, h.detail, `ptctl check ${cluster.scope}; ptctl list ${cluster.scope}`),
    ),
  ]
}

export function verdictOf(findings: readonly Finding[]): Verdict {
  return worst(findings.map((f) => f.status))
}

function identityFindings(cluster: Cluster, agents: readonly AgentFacts[]): Finding[] {
  const out: Finding[] = []
  const expected = cluster.initialize
  const answered = agents.filter((a) => a.systemIdentifier !== undefined)
  const differing = answered.filter((a) => expected && a.systemIdentifier !== expected)
  out.push(
    finding(
      'identity',
      'system-identifier',
      differing.length > 0 ? 'CRIT' : answered.length === 0 ? 'UNKNOWN' : 'OK',
      differing.length > 0
        ? `the initialize key says ${expected ?? '(none)'}, but ${differing.map((a) => `${a.member} runs ${a.systemIdentifier ?? '?'}`).join(', ')}: a member from another cluster, or the key was rewritten`
        : answered.length === 0
          ? `no agent said its database_system_identifier (initialize key: ${expected ?? 'absent'})`
          : `${answered.length} of ${agents.length} members run system ${expected ?? '?'}, as the initialize key says`,
      'compare `ptctl query -c "select system_identifier from pg_control_system()"` on each member; reinit a member from another cluster',
    ),
  )
  const patroniMajors = new Map<string, string[]>()
  for (const m of cluster.members) {
    const major = m.patroniVersion?.split('.')[0]
    if (major !== undefined) patroniMajors.set(major, [...(patroniMajors.get(major) ?? []), m.name])
  }
  const pgMajors = new Map<number, string[]>()
  for (const a of agents)
    if (a.serverVersion !== undefined) {
      const major = a.serverVersion >= 100000 ? Math.floor(a.serverVersion / 10000) : Math.floor(a.serverVersion / 100)
      pgMajors.set(major, [...(pgMajors.get(major) ?? []), a.member])
    }
  const mixed = patroniMajors.size > 1 || pgMajors.size > 1
  const list = <K>(m: Map<K, string[]>, label: string) =>
    [...m].map(([v, names]) => `${label} ${String(v)}: ${names.join(', ')}`).join('; ')
  out.push(
    finding(
      'identity',
      'versions',
      mixed ? 'WARN' : 'OK',
      [
        patroniMajors.size > 0 ? list(patroniMajors, 'Patroni') : 'no Patroni version published',
        pgMajors.size > 0 ? list(pgMajors, 'PostgreSQL') : 'no PostgreSQL version answered',
      ].join('; '),
      'finish the upgrade: members of different major versions behave differently in a failover',
    ),
  )
  return out
}

const numberSetting = (cluster: Cluster, key: string, fallback: number): number => {
  const v = cluster.config?.value[key]
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN
  return Number.isFinite(n) ? n : fallback
}

function timingFinding(cluster: Cluster): Finding {
  const ttl = numberSetting(cluster, 'ttl', 30)
  const loopWait = numberSetting(cluster, 'loop_wait', 10)
  const retry = numberSetting(cluster, 'retry_timeout', 10)
  const need = loopWait + 2 * retry
  return finding(
    'timing',
    'ttl',
    need <= ttl ? 'OK' : 'WARN',
    need <= ttl
      ? `loop_wait ${loopWait} + 2 × retry_timeout ${retry} = ${need} ≤ ttl ${ttl}`
      : `loop_wait ${loopWait} + 2 × retry_timeout ${retry} = ${need} > ttl ${ttl}: the leader key can expire between two loops of a leader that is retrying the DCS (Patroni shortens the timings itself and logs it)`,
    `ptctl edit-config ${cluster.scope} -s ttl=${need} (or lower loop_wait / retry_timeout)`,
  )
}

/** Beyond this, a difference (already a lower bound: see doctor's clockSkew) matters to scheduled actions. */
const CLOCK_SKEW_TOLERANCE_MS = 2000

/** Each agent's clock against this machine's: scheduled switchovers and restarts run on the agents' clocks. */
function clockFindings(cluster: Cluster, agents: readonly AgentFacts[]): Finding[] {
  const measured = agents.filter((a) => a.clockSkewMs !== undefined)
  if (measured.length === 0) return []
  const seconds = (ms: number) => `${ms >= 0 ? '+' : '−'}${(Math.abs(ms) / 1000).toFixed(1)} s`
  const off = measured.filter((a) => Math.abs(a.clockSkewMs ?? 0) > CLOCK_SKEW_TOLERANCE_MS)
  const each = measured.map((a) => `${a.member} ${seconds(a.clockSkewMs ?? 0)}`).join(', ')
  return [
    finding(
      'timing',
      'clock',
      off.length > 0 ? 'WARN' : 'OK',
      off.length > 0
        ? `${off.map((a) => a.member).join(', ')}: clock differs from this machine's by more than ${CLOCK_SKEW_TOLERANCE_MS / 1000} s (${each}); scheduled switchovers and restarts run on the agents' clocks`
        : `agents' clocks agree with this machine's within ${CLOCK_SKEW_TOLERANCE_MS / 1000} s (${each})`,
      `check time synchronisation on ${off.map((a) => a.member).join(', ') || 'the members'} (timedatectl; chronyc tracking)`,
    ),
  ]
}

function failsafeFinding(cluster: Cluster): Finding {
  const on = isOn(cluster.config?.value['failsafe_mode'])
  const key = cluster.failsafe
  if (!on && key !== undefined)
    return finding(
      'failsafe',
      'failsafe-key',
      'WARN',
      `failsafe_mode is off but a failsafe key is present (members ${Object.keys(key.value).join(', ') || 'none'}): it is stale, left from when failsafe_mode was on`,
      `remove the key ${cluster.scope}/failsafe from the DCS, or turn failsafe mode on: ptctl edit-config ${cluster.scope} -s failsafe_mode=true`,
    )
  return finding(
    'failsafe',
    'failsafe-mode',
    'OK',
    on
      ? `failsafe_mode is on: a leader that loses the DCS keeps running while every member answers it${key ? ` (last written for ${Object.keys(key.value).join(', ')})` : ''}`
      : 'failsafe_mode is off: a leader that cannot reach the DCS demotes itself',
  )
}

function failoverFinding(cluster: Cluster, agents: readonly AgentFacts[]): Finding {
  const maxLag = maximumLag(cluster)
  const unreachable = new Set(agents.filter((a) => !a.answered).map((a) => a.member))
  const judged = checkCandidates(cluster, 'failover')
    .filter((e) => e.name !== cluster.leader?.value)
    .map((e) => {
      const member = cluster.members.find((m) => m.name === e.name)
      const reasons = [...e.reasons]
      const lag = member ? replicaLag(cluster, member) : undefined
      if (lag !== undefined && lag > maxLag)
        reasons.push(`lags ${lag} bytes, more than maximum_lag_on_failover (${maxLag})`)
      const priority = member?.tags['failover_priority']
      if (priority !== undefined && Number(priority) <= 0) reasons.push('has failover_priority 0')
      if (unreachable.has(e.name)) reasons.push('its agent does not answer')
      return { name: e.name, reasons }
    })
  const able = judged.filter((j) => j.reasons.length === 0).map((j) => j.name)
  const unable = judged.filter((j) => j.reasons.length > 0)
  const why = unable.map((j) => `${j.name} ${j.reasons.join(', ')}`).join('; ')
  if (judged.length === 0)
    return finding(
      'failover',
      'readiness',
      'CRIT',
      'no replica: if the leader died now, nobody could take over',
      `add a replica; ptctl list ${cluster.scope}`,
    )
  return finding(
    'failover',
    'readiness',
    able.length === 0 ? 'CRIT' : unable.length > 0 ? 'WARN' : 'OK',
    able.length === 0
      ? `if the leader died now, no member could take over: ${why}`
      : `if the leader died now, ${able.join(', ')} could take over${unable.length > 0 ? `; not ${why}` : ''}`,
    `ptctl switchover ${cluster.scope} --candidate <member> explains each member; remove nofailover tags in patroni.yml and reload`,
  )
}

function replicationFindings(cluster: Cluster, agents: readonly AgentFacts[]): Finding[] {
  const mode = synchronousMode(cluster)
  const leader = cluster.leader?.value
  const sync = cluster.sync?.value
  const walsenders = agents.find((a) => a.member === leader)?.replication
  const reportedSync = (walsenders ?? [])
    .filter((r) => r.syncState === 'sync' || r.syncState === 'quorum')
    .map((r) => r.name)
  if (mode === 'off') {
    return [
      finding(
        'replication',
        'synchronous',
        reportedSync.length > 0 ? 'WARN' : 'OK',
        reportedSync.length > 0
          ? `synchronous_mode is off, yet PostgreSQL counts ${reportedSync.join(', ')} as synchronous (synchronous_standby_names set by hand?)`
          : 'synchronous_mode is off: replication is asynchronous',
        `ptctl show-config ${cluster.scope}; look at synchronous_standby_names in postgresql.parameters`,
      ),
    ]
  }
  const problems: string[] = []
  if (!sync) problems.push('there is no sync key')
  else {
    if (sync.leader !== leader)
      problems.push(`the sync key names leader ${sync.leader ?? '(none)'}, not ${leader ?? '(none)'}`)
    const gone = sync.syncStandbys.filter((n) => !cluster.members.some((m) => m.name === n))
    if (gone.length > 0) problems.push(`it lists ${gone.join(', ')}, not a member any more`)
    if (walsenders !== undefined) {
      const notReported = sync.syncStandbys.filter((n) => !reportedSync.includes(n))
      if (notReported.length > 0)
        problems.push(
          `PostgreSQL does not count ${notReported.join(', ')} as synchronous (it reports ${reportedSync.join(', ') || 'none'})`,
        )
    }
  }
  return [
    finding(
      'replication',
      'synchronous',
      problems.length > 0 ? 'WARN' : 'OK',
      problems.length > 0
        ? `synchronous_mode is ${mode}, but ${problems.join('; ')}`
        : `synchronous_mode is ${mode}: ${sync?.syncStandbys.join(', ') || 'no standby'} synchronous${walsenders !== undefined ? ', as PostgreSQL reports' : ''}`,
      `ptctl list ${cluster.scope} (Sync Standby roles); Patroni sets the sync key within loop_wait`,
    ),
  ]
}

function pendingFindings(cluster: Cluster): Finding[] {
  const out: Finding[] = []
  const scheduled = cluster.failover?.value.scheduledAt
  if (scheduled)
    out.push(
      finding(
        'pending',
        'scheduled-switchover',
        'WARN',
        `a switchover is scheduled at ${scheduled}${cluster.failover?.value.member ? ` to ${cluster.failover.value.member}` : ''}`,
        `ptctl flush ${cluster.scope} switchover (to cancel it)`,
      ),
    )
  const restarts = cluster.members.filter((m) => m.scheduledRestart)
  if (restarts.length > 0)
    out.push(
      finding(
        'pending',
        'scheduled-restarts',
        'WARN',
        restarts.map((m) => `${m.name} at ${m.scheduledRestart?.schedule ?? '?'}`).join(', '),
        `ptctl flush ${cluster.scope} restart (to cancel them)`,
      ),
    )
  const pending = cluster.members.filter((m) => m.pendingRestart)
  if (pending.length > 0)
    out.push(
      finding(
        'pending',
        'pending-restart-reasons',
        'WARN',
        pending
          .map((m) => {
            const reasons = Object.entries(m.pendingRestartReason ?? {}).map(
              ([k, v]) => `${k} ${v.oldValue} -> ${v.newValue}`,
            )
            return `${m.name}${reasons.length > 0 ? `: ${reasons.join(', ')}` : ''}`
          })
          .join('; '),
        `ptctl restart ${cluster.scope} --pending`,
      ),
    )
  return out
}
