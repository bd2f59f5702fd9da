import { maximumLag, replicaLag } from './candidates.js'
import { isPaused } from './roles.js'
import type { Cluster, Member } from './types.js'

/** What a change in the DCS meant, as `events` prints it. */
export const EVENT_TYPES = [
  'cluster-created',
  'cluster-removed',
  'leader-taken',
  'leader-lost',
  'leader-changed',
  'member-joined',
  'member-left',
  'role-changed',
  'state-changed',
  'timeline-changed',
  'lag-above',
  'lag-below',
  'pending-restart-set',
  'pending-restart-cleared',
  'restart-scheduled',
  'restart-unscheduled',
  'failover-set',
  'failover-cleared',
  'paused',
  'resumed',
  'config-changed',
  'history-grew',
  'sync-changed',
] as const
export type ClusterEventType = (typeof EVENT_TYPES)[number]

export type EventValue = string | number | boolean | null | readonly string[]

/** One meaningful change of one cluster (or Citus group). */
export interface ClusterEvent {
  readonly type: ClusterEventType
  readonly cluster: string
  readonly group?: number
  readonly member?: string
  /** the value before and after, where the change has one (a role, a state, a timeline, a leader) */
  readonly from?: EventValue
  readonly to?: EventValue
  /** what else there is to know (the lag and its threshold, the keys that changed, a scheduled time) */
  readonly detail?: Readonly<Record<string, EventValue>>
}

export interface EventOptions {
  /** bytes of lag that count as too much; by default each cluster's maximum_lag_on_failover */
  readonly lagThreshold?: number
}

/** A cluster with no keys: what a cluster is before it exists and after it is removed. */
const isEmpty = (c: Cluster | undefined): boolean =>
  c === undefined ||
  (c.initialize === null && c.config === null && c.leader === null && c.members.length === 0 && c.history === null)

type Emit = (type: ClusterEventType, fields?: Omit<ClusterEvent, 'type' | 'cluster' | 'group'>) => void

/**
 * The events that turn `before` into `after` (the same cluster, read twice); `before` undefined means nothing was
 * known (with `--since-start`, the current state told as events). Ordered as a story reads: the cluster, its leader,
 * its members, then its settings.
 */
export function clusterEvents(before: Cluster | undefined, after: Cluster, o: EventOptions = {}): ClusterEvent[] {
  const events: ClusterEvent[] = []
  const emit: Emit = (type, fields = {}) =>
    events.push({ type, cluster: after.scope, ...(after.group !== undefined ? { group: after.group } : {}), ...fields })
  if (isEmpty(before) !== isEmpty(after)) {
    if (isEmpty(after)) emit('cluster-removed')
    else emit('cluster-created', after.initialize ? { detail: { systemIdentifier: after.initialize } } : {})
  }
  leaderEvents(before, after, emit)
  failoverEvents(before, after, emit)
  memberEvents(before, after, emit, o)
  settingEvents(before, after, emit)
  return events
}

function leaderEvents(before: Cluster | undefined, after: Cluster, emit: Emit): void {
  const was = before?.leader?.value ?? null
  const now = after.leader?.value ?? null
  if (was === now) return
  if (was === null) emit('leader-taken', { member: now ?? '', to: now })
  else if (now === null) emit('leader-lost', { member: was, from: was, to: null })
  else emit('leader-changed', { member: now, from: was, to: now })
}

/** Patroni "clears" the failover key by writing it empty (`{}`): only a key naming something is a request. */
function failoverRequest(c: Cluster | undefined): Cluster['failover'] {
  const f = c?.failover
  return f && (f.value.leader !== undefined || f.value.member !== undefined || f.value.scheduledAt !== undefined)
    ? f
    : null
}

function failoverEvents(before: Cluster | undefined, after: Cluster, emit: Emit): void {
  const was = failoverRequest(before)
  const now = failoverRequest(after)
  if (now && (!was || was.version !== now.version || JSON.stringify(was.value) !== JSON.stringify(now.value))) {
    const f = now.value
    emit('failover-set', {
      detail: {
        leader: f.leader ?? null,
        candidate: f.member ?? null,
        scheduledAt: f.scheduledAt ?? null,
      },
    })
  } else if (was && !now) {
    emit('failover-cleared')
  }
}

function memberEvents(before: Cluster | undefined, after: Cluster, emit: Emit, o: EventOptions): void {
  const old = new Map((before?.members ?? []).map((m) => [m.name, m]))
  const threshold = o.lagThreshold ?? maximumLag(after)
  for (const m of after.members) {
    const was = old.get(m.name)
    if (!was) {
      emit('member-joined', {
        member: m.name,
        detail: { role: m.role ?? null, state: m.state ?? null, timeline: m.timeline ?? null },
      })
    } else {
      changed('role-changed', m.name, was.role, m.role, emit)
      changed('state-changed', m.name, was.state, m.state, emit)
      changed('timeline-changed', m.name, was.timeline, m.timeline, emit)
    }
    restartEvents(was, m, emit)
    lagEvents(before, was, after, m, threshold, emit)
  }
  for (const name of old.keys()) if (!after.members.some((m) => m.name === name)) emit('member-left', { member: name })
}

function changed(
  type: ClusterEventType,
  member: string,
  from: string | number | undefined,
  to: string | number | undefined,
  emit: Emit,
): void {
  if (from !== to) emit(type, { member, from: from ?? null, to: to ?? null })
}

function restartEvents(was: Member | undefined, m: Member, emit: Emit): void {
  if (m.pendingRestart && !was?.pendingRestart) {
    const reasons = Object.entries(m.pendingRestartReason ?? {}).map(
      ([name, c]) => `${name}: ${c.oldValue} -> ${c.newValue}`,
    )
    emit('pending-restart-set', { member: m.name, ...(reasons.length > 0 ? { detail: { reasons } } : {}) })
  } else if (!m.pendingRestart && was?.pendingRestart) {
    emit('pending-restart-cleared', { member: m.name })
  }
  const wasAt = was?.scheduledRestart?.schedule
  const at = m.scheduledRestart?.schedule
  if (at !== undefined && at !== wasAt) emit('restart-scheduled', { member: m.name, detail: { at } })
  else if (at === undefined && wasAt !== undefined) emit('restart-unscheduled', { member: m.name })
}

/** Lag crossing the threshold, either way; the leader has no lag. A member first seen above it is said so. */
function lagEvents(
  before: Cluster | undefined,
  was: Member | undefined,
  after: Cluster,
  m: Member,
  threshold: number,
  emit: Emit,
): void {
  const lagNow = after.leader?.value === m.name ? undefined : replicaLag(after, m)
  const lagBefore =
    before === undefined || was === undefined || before.leader?.value === m.name ? undefined : replicaLag(before, was)
  const above = lagNow !== undefined && lagNow > threshold
  const wasAbove = lagBefore !== undefined && lagBefore > threshold
  if (above && !wasAbove) emit('lag-above', { member: m.name, detail: { lagBytes: lagNow, threshold } })
  else if (!above && wasAbove) emit('lag-below', { member: m.name, detail: { lagBytes: lagNow ?? null, threshold } })
}

function settingEvents(before: Cluster | undefined, after: Cluster, emit: Emit): void {
  const wasPaused = before !== undefined && isPaused(before)
  if (isPaused(after) && !wasPaused) emit('paused')
  else if (!isPaused(after) && wasPaused) emit('resumed')
  if (before?.config && after.config) {
    const keys = changedKeys(before.config.value, after.config.value)
    if (keys.length > 0) emit('config-changed', { detail: { keys } })
  }
  const wasSync = before?.sync?.value.syncStandbys ?? []
  const sync = after.sync?.value.syncStandbys ?? []
  if (before !== undefined && wasSync.join(',') !== sync.join(','))
    emit('sync-changed', { from: wasSync.join(',') || null, to: sync.join(',') || null })
  const lines = after.history?.value ?? []
  const known = before?.history?.value.length ?? 0
  for (const line of lines.slice(before === undefined ? lines.length : known)) {
    emit('history-grew', {
      ...(line.newLeader !== undefined ? { member: line.newLeader } : {}),
      detail: { timeline: line.timeline + 1, switchedAtLsn: line.lsn, reason: line.reason },
    })
  }
}

/** Dotted paths of the settings that differ (`postgresql.parameters.max_connections`), sorted. */
export function changedKeys(a: unknown, b: unknown, path = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  if (isObject(a) && isObject(b)) {
    const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
    return names.flatMap((k) => changedKeys(a[k], b[k], path === '' ? k : `${path}.${k}`))
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path]
}
