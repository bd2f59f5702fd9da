import { isOn, scalarText } from '../values.js'
import { ClusterKey, type KvRecord } from './key-layout.js'
import type {
  Cluster,
  FailoverRequest,
  HistoryLine,
  Member,
  PendingRestartChange,
  ScheduledRestart,
  SyncState,
  Versioned,
} from './types.js'

type Json = Record<string, unknown>

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function asInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value)
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim())
  return undefined
}

/** host and port from a `postgres://host:port/db` connection URL (port defaults to 5432). */
function hostPort(connUrl: string | undefined, kwargs: Json | undefined): { host?: string; port?: number } {
  if (kwargs) {
    const host = asString(kwargs['host'])
    const port = asInt(kwargs['port']) ?? 5432
    return host ? { host, port } : {}
  }
  if (!connUrl) return {}
  try {
    const url = new URL(connUrl)
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    if (host === '') return {}
    return { host: decodeURIComponent(host), port: url.port === '' ? 5432 : Number(url.port) }
  } catch {
    return {}
  }
}

function pendingReason(value: unknown): Record<string, PendingRestartChange> | undefined {
  const obj = asObject(value)
  if (!obj) return undefined
  const out: Record<string, PendingRestartChange> = {}
  for (const [param, change] of Object.entries(obj)) {
    const c = asObject(change)
    out[param] = { oldValue: scalarText(c?.['old_value']), newValue: scalarText(c?.['new_value']) }
  }
  return out
}

function scheduledRestart(value: unknown): ScheduledRestart | undefined {
  const obj = asObject(value)
  const schedule = asString(obj?.['schedule'])
  if (!obj || !schedule) return undefined
  const pg = obj['postgres_version']
  return pg === undefined || pg === null ? { schedule } : { schedule, postgresVersion: scalarText(pg) }
}

/**
 * The member's REST API, when its `api_url` is an http(s) URL; anything else (a plain word, an object, another
 * scheme) is a problem of that member's, said when it is asked something, never a crash of the command.
 */
function agentUrl(value: unknown): { apiUrl?: string; apiUrlProblem?: string } {
  if (value === undefined || value === null) return {}
  const text = typeof value === 'string' ? value : undefined
  if (text !== undefined) {
    try {
      const url = new URL(text)
      if (url.protocol === 'http:' || url.protocol === 'https:') return { apiUrl: text }
    } catch {
      // not a URL at all
    }
  }
  const shown = JSON.stringify(value) ?? typeof value
  return {
    apiUrlProblem: `its api_url is not an http(s) URL: ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`,
  }
}

function memberFromData(name: string, data: Json, keyVersion: string): Member {
  const connUrl = asString(data['conn_url'])
  const { apiUrl, apiUrlProblem } = agentUrl(data['api_url'])
  const { host, port } = hostPort(connUrl, asObject(data['conn_kwargs']))
  const reason = pendingReason(data['pending_restart_reason'])
  const scheduled = scheduledRestart(data['scheduled_restart'])
  const opt = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } =>
    (v === undefined ? {} : { [key]: v }) as { [P in K]?: V }
  return {
    name,
    keyVersion,
    ...opt('connUrl', connUrl),
    ...opt('apiUrl', apiUrl),
    ...opt('apiUrlProblem', apiUrlProblem),
    ...opt('host', host),
    ...opt('port', port),
    ...opt('state', asString(data['state'])),
    ...opt('role', asString(data['role'])),
    ...opt('patroniVersion', asString(data['version'])),
    ...opt('xlogLocation', asInt(data['xlog_location'])),
    ...opt('receiveLsn', asInt(data['receive_lsn'])),
    ...opt('replayLsn', asInt(data['replay_lsn'])),
    ...opt('replicationState', asString(data['replication_state'])),
    ...opt('timeline', asInt(data['timeline'])),
    tags: asObject(data['tags']) ?? {},
    pendingRestart: isOn(data['pending_restart']),
    ...opt('pendingRestartReason', reason),
    ...opt('scheduledRestart', scheduled),
    pause: isOn(data['pause']),
    data,
  }
}

function parseFailover(value: string): FailoverRequest {
  const obj = asObject(parseJson(value))
  if (obj) {
    const leader = asString(obj['leader'])
    const member = asString(obj['member'])
    const scheduledAt = asString(obj['scheduled_at'])
    return {
      ...(leader ? { leader } : {}),
      ...(member ? { member } : {}),
      ...(scheduledAt ? { scheduledAt } : {}),
    }
  }
  // legacy "leader:candidate" text
  const [leader, member] = value.split(':')
  return { ...(leader ? { leader } : {}), ...(member ? { member } : {}) }
}

function parseSync(value: string): SyncState {
  const obj = asObject(parseJson(value)) ?? {}
  const leader = asString(obj['leader'])
  const standbys = asString(obj['sync_standby'])
  const quorum = asInt(obj['quorum'])
  return {
    ...(leader ? { leader } : {}),
    syncStandbys: standbys
      ? standbys
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : [],
    ...(quorum !== undefined ? { quorum } : {}),
  }
}

function parseHistory(value: string): HistoryLine[] {
  const lines = parseJson(value)
  if (!Array.isArray(lines)) return []
  const out: HistoryLine[] = []
  for (const line of lines) {
    if (!Array.isArray(line) || line.length < 3) continue
    const timeline = asInt(line[0])
    const lsn = asInt(line[1])
    if (timeline === undefined || lsn === undefined) continue
    const timestamp = line[3] === undefined || line[3] === null ? undefined : String(line[3])
    const newLeader = line[4] === undefined || line[4] === null ? undefined : String(line[4])
    out.push({
      timeline,
      lsn,
      reason: String(line[2] ?? ''),
      ...(timestamp !== undefined ? { timestamp } : {}),
      ...(newLeader !== undefined ? { newLeader } : {}),
    })
  }
  return out
}

/** What the keys of one cluster said, as they are read. */
interface Collected {
  initialize: string | null
  config: Versioned<Record<string, unknown>> | null
  leader: Versioned<string> | null
  failover: Versioned<FailoverRequest> | null
  sync: Versioned<SyncState> | null
  history: Versioned<HistoryLine[]> | null
  failsafe?: Versioned<Record<string, unknown>>
  statusOptime?: number | undefined
  legacyOptime?: number | undefined
  readonly members: Member[]
  readonly invalidKeys: string[]
}

/** JSON object of a key, noting the key when it holds something else. */
function objectOf(c: Collected, name: string, value: string): Json | undefined {
  const parsed = asObject(parseJson(value))
  if (parsed === undefined) c.invalidKeys.push(name)
  return parsed
}

/** One key of the cluster (`name` is relative to the cluster's prefix); keys Patroni does not write are ignored. */
function collectKey(c: Collected, name: string, record: KvRecord): void {
  const { value, version } = record
  if (name.startsWith(ClusterKey.members)) {
    const memberName = name.slice(ClusterKey.members.length)
    if (memberName !== '' && !memberName.includes('/'))
      c.members.push(memberFromData(memberName, objectOf(c, name, value) ?? {}, version))
    return
  }
  switch (name) {
    case ClusterKey.initialize:
      c.initialize = value
      return
    case ClusterKey.config:
      c.config = { value: objectOf(c, name, value) ?? {}, version }
      return
    case ClusterKey.leader:
      if (value !== '') c.leader = { value, version }
      return
    case ClusterKey.failover:
      c.failover = { value: parseFailover(value), version }
      return
    case ClusterKey.sync:
      if (value === '' || objectOf(c, name, value) !== undefined) c.sync = { value: parseSync(value), version }
      return
    case ClusterKey.history:
      if (!Array.isArray(parseJson(value))) c.invalidKeys.push(name)
      c.history = { value: parseHistory(value), version }
      return
    case ClusterKey.failsafe:
      c.failsafe = { value: objectOf(c, name, value) ?? {}, version }
      return
    case ClusterKey.status:
      c.statusOptime = asInt(objectOf(c, name, value)?.['optime'])
      return
    case ClusterKey.legacyOptime:
      c.legacyOptime = asInt(value.trim())
      return
    default:
      return
  }
}

/**
 * The one parser of Patroni's key layout, shared by every KV backend: records under `prefix`
 * (e.g. `/service/demo/`) become a Cluster. Unknown or malformed keys are ignored, as Patroni does.
 */
export function parseCluster(scope: string, prefix: string, records: readonly KvRecord[], group?: number): Cluster {
  const c: Collected = {
    initialize: null,
    config: null,
    leader: null,
    failover: null,
    sync: null,
    history: null,
    members: [],
    invalidKeys: [],
  }
  for (const record of records) {
    if (record.key.startsWith(prefix)) collectKey(c, record.key.slice(prefix.length), record)
  }
  c.members.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return {
    scope,
    ...(group !== undefined ? { group } : {}),
    initialize: c.initialize,
    config: c.config,
    leader: c.leader,
    members: c.members,
    failover: c.failover,
    sync: c.sync,
    history: c.history,
    ...(c.failsafe !== undefined ? { failsafe: c.failsafe } : {}),
    lastLsn: c.statusOptime ?? c.legacyOptime ?? 0,
    invalidKeys: c.invalidKeys,
  }
}

/** Splits one read of a whole namespace into its clusters (for `list --all`): scope → records. */
export function groupByScope(namespacePrefix: string, records: readonly KvRecord[]): Map<string, KvRecord[]> {
  const groups = new Map<string, KvRecord[]>()
  for (const record of records) {
    if (!record.key.startsWith(namespacePrefix)) continue
    const rest = record.key.slice(namespacePrefix.length)
    const slash = rest.indexOf('/')
    if (slash <= 0) continue
    const scope = rest.slice(0, slash)
    const list = groups.get(scope) ?? []
    list.push(record)
    groups.set(scope, list)
  }
  return groups
}

/** A Citus group's directory name: `0` or a number without leading zeros, as Patroni names them. */
const CITUS_GROUP = /^(0|[1-9][0-9]*)$/

/** Splits one read of a Citus cluster's prefix into its groups (0 = coordinator): group → records. */
export function groupByCitusGroup(clusterPrefix: string, records: readonly KvRecord[]): Map<number, KvRecord[]> {
  const groups = new Map<number, KvRecord[]>()
  for (const record of records) {
    if (!record.key.startsWith(clusterPrefix)) continue
    const rest = record.key.slice(clusterPrefix.length)
    const slash = rest.indexOf('/')
    const name = rest.slice(0, slash)
    if (slash <= 0 || !CITUS_GROUP.test(name)) continue
    const group = Number(name)
    groups.set(group, [...(groups.get(group) ?? []), record])
  }
  return groups
}
