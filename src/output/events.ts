import { escapeControls } from './escape.js'
import type { ClusterEvent, EventValue } from '../cluster/events.js'
import { formatLsn } from '../cluster/lsn.js'
import { isoLocalMs, localTimestampMs } from '../cluster/schedule.js'

/** What `events` prints: a change of a cluster, or of the watch itself (a gap while the DCS was away). */
export type StreamItem =
  | { readonly at: Date; readonly event: ClusterEvent }
  | { readonly at: Date; readonly watch: 'reconnecting' | 'resumed'; readonly text: string }

const show = (v: EventValue | undefined): string =>
  v === undefined || v === null ? 'none' : Array.isArray(v) ? v.join(', ') : String(v)

/** One sentence per event type, for people; the JSON form keeps the fields. */
export function describeEvent(e: ClusterEvent): string {
  const m = e.member ?? ''
  const d = e.detail ?? {}
  switch (e.type) {
    case 'cluster-created':
      return `cluster initialized${d['systemIdentifier'] ? ` (system identifier ${show(d['systemIdentifier'])})` : ''}`
    case 'cluster-removed':
      return 'cluster keys removed'
    case 'leader-taken':
      return `${m} took the leader key`
    case 'leader-lost':
      return `${m} lost the leader key: no leader`
    case 'leader-changed':
      return `${m} holds the leader key (was ${show(e.from)})`
    case 'member-joined':
      return `${m} joined (role ${show(d['role'])}, state ${show(d['state'])}, timeline ${show(d['timeline'])})`
    case 'member-left':
      return `${m} left (its member key is gone)`
    case 'role-changed':
      return `${m} role ${show(e.from)} -> ${show(e.to)}`
    case 'state-changed':
      return `${m} state ${show(e.from)} -> ${show(e.to)}`
    case 'timeline-changed':
      return `${m} timeline ${show(e.from)} -> ${show(e.to)}`
    case 'lag-above':
      return `${m} lags ${show(d['lagBytes'])} bytes, above ${show(d['threshold'])}`
    case 'lag-below':
      return `${m} lag ${show(d['lagBytes'])} bytes, back within ${show(d['threshold'])}`
    case 'pending-restart-set':
      return `${m} needs a restart${d['reasons'] ? ` (${show(d['reasons'])})` : ''}`
    case 'pending-restart-cleared':
      return `${m} no longer needs a restart`
    case 'restart-scheduled':
      return `${m} restart scheduled at ${show(d['at'])}`
    case 'restart-unscheduled':
      return `${m} scheduled restart cleared`
    case 'failover-set': {
      const at = d['scheduledAt'] ? ` at ${show(d['scheduledAt'])}` : ''
      return `failover key set: leader ${show(d['leader'])}, candidate ${show(d['candidate'])}${at}`
    }
    case 'failover-cleared':
      return 'failover key cleared'
    case 'paused':
      return 'maintenance mode on (paused)'
    case 'resumed':
      return 'maintenance mode off (resumed)'
    case 'config-changed':
      return `configuration changed: ${show(d['keys'])}`
    case 'history-grew': {
      const lsn = typeof d['switchedAtLsn'] === 'number' ? formatLsn(d['switchedAtLsn']) : show(d['switchedAtLsn'])
      return `timeline ${show(d['timeline'])} began at ${lsn}${m ? ` with ${m}` : ''} (${show(d['reason'])})`
    }
    case 'sync-changed':
      return `synchronous standby ${show(e.from)} -> ${show(e.to)}`
  }
}

const where = (e: ClusterEvent) => (e.group !== undefined ? `${e.cluster}/${e.group}` : e.cluster)

/** `2026-11-28 08:30:50.453 demo leader-changed pg2 holds the leader key (was pg1)` */
export function eventLine(item: StreamItem): string {
  const time = localTimestampMs(item.at)
  // names, states and reasons come from the DCS: one line each, control characters shown escaped
  if ('watch' in item) return `${time} dcs ${item.watch} ${escapeControls(item.text)}`
  return `${time} ${escapeControls(where(item.event))} ${item.event.type} ${escapeControls(describeEvent(item.event))}`
}

/** One JSON object on one line (JSON Lines), with the time to the millisecond and the local offset. */
export function eventJson(item: StreamItem): string {
  if ('watch' in item)
    return JSON.stringify({ time: isoLocalMs(item.at), type: `dcs-${item.watch}`, message: item.text })
  return JSON.stringify({ time: isoLocalMs(item.at), ...item.event, message: describeEvent(item.event) })
}
