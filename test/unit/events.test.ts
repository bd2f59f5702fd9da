import { describe, expect, it } from 'vitest'

import { changedKeys, clusterEvents, type ClusterEvent } from '../../src/cluster/events.js'
import { Reconnection, WatchMirror, type KvWatchEvent } from '../../src/dcs/kv-watch.js'
import { DcsUnreachableError } from '../../src/errors.js'
import { describeEvent, eventJson, eventLine } from '../../src/output/events.js'
import { buildCluster, member4, type ClusterSpec } from '../helpers/records.js'

const MB = 1024 * 1024

/** A three-member cluster on timeline 1 led by pg1; `change` edits the spec of a second reading. */
function demo(
  change: (s: ClusterSpec & { members: Record<string, Record<string, unknown>> }) => void = () => undefined,
) {
  const spec = {
    scope: 'demo',
    initialize: '7300000000000000001',
    config: { ttl: 30, loop_wait: 10, postgresql: { parameters: { max_connections: 100 } } },
    leader: 'pg1' as string | undefined,
    optime: 100 * MB,
    members: {
      pg1: member4(5432, { role: 'primary', timeline: 1, xlog_location: 100 * MB }),
      pg2: member4(5433, { timeline: 1, xlog_location: 100 * MB }),
      pg3: member4(5434, { timeline: 1, xlog_location: 100 * MB }),
    } as Record<string, Record<string, unknown>>,
  }
  change(spec)
  return buildCluster(spec)
}

const types = (events: readonly ClusterEvent[]) => events.map((e) => `${e.type}${e.member ? ` ${e.member}` : ''}`)

describe('clusterEvents: what changed between two readings of a cluster', () => {
  it('nothing changed: no event', () => {
    expect(clusterEvents(demo(), demo())).toEqual([])
  })

  it('the leader key: taken, lost, changed hands', () => {
    const none = demo((s) => (s.leader = undefined))
    expect(types(clusterEvents(none, demo()))).toEqual(['leader-taken pg1'])
    expect(clusterEvents(demo(), none)).toEqual([
      { type: 'leader-lost', cluster: 'demo', member: 'pg1', from: 'pg1', to: null },
    ])
    expect(
      clusterEvents(
        demo(),
        demo((s) => (s.leader = 'pg2')),
      )[0],
    ).toEqual({
      type: 'leader-changed',
      cluster: 'demo',
      member: 'pg2',
      from: 'pg1',
      to: 'pg2',
    })
  })

  it('members joining and leaving, and their role, state and timeline', () => {
    const after = demo((s) => {
      delete s.members['pg3']
      s.members['pg4'] = member4(5435, { state: 'starting' })
      s.members['pg1'] = member4(5432, { role: 'demoted', state: 'stopping', timeline: 2 })
    })
    expect(types(clusterEvents(demo(), after))).toEqual([
      'role-changed pg1',
      'state-changed pg1',
      'timeline-changed pg1',
      'member-joined pg4',
      'member-left pg3',
    ])
    const role = clusterEvents(demo(), after).find((e) => e.type === 'role-changed')
    expect([role?.from, role?.to]).toEqual(['primary', 'demoted'])
  })

  it('lag crossing maximum_lag_on_failover (default 1 MiB), both ways; the leader has no lag', () => {
    const behind = demo((s) => (s.members['pg2'] = member4(5433, { timeline: 1, xlog_location: 90 * MB })))
    expect(clusterEvents(demo(), behind)).toEqual([
      { type: 'lag-above', cluster: 'demo', member: 'pg2', detail: { lagBytes: 10 * MB, threshold: MB } },
    ])
    expect(types(clusterEvents(behind, demo()))).toEqual(['lag-below pg2'])
    // within the threshold given: no event
    expect(clusterEvents(demo(), behind, { lagThreshold: 16 * MB })).toEqual([])
    // a lag that stays above is told once
    const further = demo((s) => (s.members['pg2'] = member4(5433, { timeline: 1, xlog_location: 80 * MB })))
    expect(clusterEvents(behind, further)).toEqual([])
  })

  it('pending and scheduled restarts set and cleared', () => {
    const pending = demo((s) => {
      s.members['pg2'] = member4(5433, {
        timeline: 1,
        xlog_location: 100 * MB,
        pending_restart: true,
        pending_restart_reason: { max_connections: { old_value: '100', new_value: '200' } },
      })
      s.members['pg3'] = member4(5434, {
        timeline: 1,
        xlog_location: 100 * MB,
        scheduled_restart: { schedule: '2030-01-01T10:00:00+00:00' },
      })
    })
    const events = clusterEvents(demo(), pending)
    expect(types(events)).toEqual(['pending-restart-set pg2', 'restart-scheduled pg3'])
    expect(events[0]?.detail).toEqual({ reasons: ['max_connections: 100 -> 200'] })
    expect(types(clusterEvents(pending, demo()))).toEqual(['pending-restart-cleared pg2', 'restart-unscheduled pg3'])
  })

  it('the failover key: a request set, and cleared (Patroni clears it by writing it empty)', () => {
    const asked = demo(
      (s) => (s.failover = { leader: 'pg1', member: 'pg2', scheduled_at: '2030-01-01T10:00:00+00:00' }),
    )
    expect(clusterEvents(demo(), asked)).toEqual([
      {
        type: 'failover-set',
        cluster: 'demo',
        detail: { leader: 'pg1', candidate: 'pg2', scheduledAt: '2030-01-01T10:00:00+00:00' },
      },
    ])
    expect(
      types(
        clusterEvents(
          asked,
          demo((s) => (s.failover = {})),
        ),
      ),
    ).toEqual(['failover-cleared'])
    expect(types(clusterEvents(asked, demo()))).toEqual(['failover-cleared'])
    expect(
      clusterEvents(
        demo(),
        demo((s) => (s.failover = {})),
      ),
    ).toEqual([])
  })

  it('pause and resume, configuration keys, synchronous standby, history', () => {
    const after = demo((s) => {
      s.config = { ttl: 30, loop_wait: 5, pause: true, postgresql: { parameters: { max_connections: 200 } } }
      s.sync = { leader: 'pg1', sync_standby: 'pg2' }
      s.history = [[1, 50331808, 'no recovery target specified', '2026-11-28T08:30:50+00:00', 'pg1']]
    })
    const events = clusterEvents(
      demo((s) => (s.history = [])),
      after,
    )
    expect(types(events)).toEqual(['paused', 'config-changed', 'sync-changed', 'history-grew pg1'])
    expect(events[1]?.detail).toEqual({ keys: ['loop_wait', 'pause', 'postgresql.parameters.max_connections'] })
    expect([events[2]?.from, events[2]?.to]).toEqual([null, 'pg2'])
    expect(events[3]?.detail).toEqual({ timeline: 2, switchedAtLsn: 50331808, reason: 'no recovery target specified' })
    expect(
      types(
        clusterEvents(
          after,
          demo((s) => (s.history = after.history?.value as never)),
        ),
      ),
    ).toContain('resumed')
  })

  it('a cluster created and removed; --since-start tells the current state', () => {
    const empty = buildCluster({ scope: 'demo' })
    expect(types(clusterEvents(empty, demo()))[0]).toBe('cluster-created')
    expect(types(clusterEvents(demo(), empty))[0]).toBe('cluster-removed')
    expect(types(clusterEvents(undefined, demo()))).toEqual([
      'cluster-created',
      'leader-taken pg1',
      'member-joined pg1',
      'member-joined pg2',
      'member-joined pg3',
    ])
    expect(clusterEvents(undefined, empty)).toEqual([])
  })

  it('changedKeys names the dotted paths that differ, arrays as values', () => {
    expect(changedKeys({ a: 1, b: { c: [1, 2], d: 'x' } }, { a: 1, b: { c: [1, 3] }, e: null })).toEqual([
      'b.c',
      'b.d',
      'e',
    ])
  })
})

describe('event lines', () => {
  const at = new Date(Date.UTC(2026, 10, 28, 8, 30, 50, 453))
  const event: ClusterEvent = { type: 'leader-changed', cluster: 'demo', member: 'pg2', from: 'pg1', to: 'pg2' }

  it('text: local time to the millisecond, cluster, type, sentence', () => {
    expect(eventLine({ at, event })).toBe(
      '2026-11-28 08:30:50.453 demo leader-changed pg2 holds the leader key (was pg1)',
    )
    expect(eventLine({ at, event: { ...event, group: 1 } })).toContain(' demo/1 leader-changed ')
    expect(eventLine({ at, watch: 'reconnecting', text: 'etcd3 http://127.0.0.1:1: connection refused' })).toBe(
      '2026-11-28 08:30:50.453 dcs reconnecting etcd3 http://127.0.0.1:1: connection refused',
    )
  })

  it('JSON Lines: one object on one line with an ISO time and every field', () => {
    const line = eventJson({ at, event })
    expect(line).not.toContain('\n')
    expect(JSON.parse(line)).toEqual({
      time: '2026-11-28T08:30:50.453+00:00',
      type: 'leader-changed',
      cluster: 'demo',
      member: 'pg2',
      from: 'pg1',
      to: 'pg2',
      message: 'pg2 holds the leader key (was pg1)',
    })
  })

  it('every event type has its own sentence', () => {
    const seen = new Set<string>()
    for (const type of ['cluster-created', 'leader-lost', 'failover-cleared', 'paused', 'resumed'] as const)
      seen.add(describeEvent({ type, cluster: 'demo', member: 'pg1' }))
    expect(seen.size).toBe(5)
  })
})

describe('WatchMirror and Reconnection', () => {
  it('the mirror applies snapshots and changes; diff finds what differs from a full answer', () => {
    const m = new WatchMirror()
    m.apply({ kind: 'snapshot', records: [{ key: '/a', value: '1', version: '1' }], resync: false })
    m.apply({ kind: 'changes', changes: [{ key: '/b', value: '2', version: '2' }] })
    m.apply({ kind: 'changes', changes: [{ key: '/a', value: undefined, version: '3' }] })
    expect(m.list()).toEqual([{ key: '/b', value: '2', version: '2' }])
    expect(m.diff([{ key: '/b', value: '2', version: '2' }])).toEqual([])
    expect(m.diff([{ key: '/c', value: '3', version: '4' }])).toEqual([
      { key: '/c', value: '3', version: '4' },
      { key: '/b', value: undefined, version: '0' },
    ])
  })

  it('reports reconnecting once, resumed once back, and gives up after its window', () => {
    let now = 0
    const seen: KvWatchEvent[] = []
    const r = new Reconnection('etcd3', 30_000, () => now)
    r.failed('connection refused', (e) => seen.push(e))
    now = 10_000
    r.failed('connection refused', (e) => seen.push(e))
    expect(r.delayMs).toBe(200)
    r.succeeded('resumed from revision 7', (e) => seen.push(e))
    r.succeeded('resumed from revision 8', (e) => seen.push(e))
    expect(seen).toEqual([
      { kind: 'reconnecting', reason: 'connection refused' },
      { kind: 'resumed', how: 'resumed from revision 7' },
    ])
    r.failed('connection refused', () => undefined)
    now = 40_000
    expect(() => r.failed('connection refused', () => undefined)).toThrow(DcsUnreachableError)
    expect(() => r.failed('x', () => undefined)).toThrow(/Lost the etcd3 watch: no endpoint answered for 30s/)
  })
})
