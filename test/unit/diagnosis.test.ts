import { describe, expect, it } from 'vitest'

import { diagnose, type AgentFacts } from '../../src/cluster/diagnosis.js'
import type { Finding } from '../../src/cluster/finding.js'
import type { DcsProbe } from '../../src/dcs/endpoint-probe.js'
import { buildCluster, member3, type ClusterSpec } from '../helpers/records.js'

const ID = '7000000000000000001'
const healthyDcs: DcsProbe = {
  kind: 'etcd3',
  endpoints: [
    { endpoint: 'http://127.0.0.1:2379', ok: true, ms: 2, version: '3.4.23', isLeader: true, name: 'm1' },
    { endpoint: 'http://127.0.0.1:2479', ok: true, ms: 3, version: '3.4.23', isLeader: false, name: 'm2' },
  ],
}
const spec = (extra: Partial<ClusterSpec> = {}): ClusterSpec => ({
  scope: 'demo',
  initialize: ID,
  config: { ttl: 30, loop_wait: 10, retry_timeout: 10 },
  leader: 'pg1',
  members: {
    pg1: member3(5432, { role: 'master', xlog_location: 1000 }),
    pg2: member3(5433, { xlog_location: 1000 }),
    pg3: member3(5434, { xlog_location: 1000 }),
  },
  optime: 1000,
  ...extra,
})
const agent = (member: string, extra: Partial<AgentFacts> = {}): AgentFacts => ({
  member,
  answered: true,
  systemIdentifier: ID,
  serverVersion: 150004,
  ...extra,
})
const agents = ['pg1', 'pg2', 'pg3'].map((m) => agent(m))

function findings(s: ClusterSpec, a: readonly AgentFacts[] = agents, dcs: DcsProbe = healthyDcs): Finding[] {
  return diagnose({ cluster: buildCluster(s), dcs, agents: a, health: [] })
}
const one = (all: readonly Finding[], check: string) => all.find((f) => f.check === check)

describe('doctor findings (pure)', () => {
  it('a healthy cluster: every finding OK, and no "next" on an OK finding', () => {
    const all = findings(spec())
    expect(all.filter((f) => f.status !== 'OK')).toEqual([])
    expect(all.every((f) => f.next === undefined)).toBe(true)
    expect(one(all, 'readiness')?.detail).toBe('if the leader died now, pg2, pg3 could take over')
    expect(one(all, 'endpoints')?.detail).toMatch(
      /^2 of 2 endpoints answer: http:\/\/127\.0\.0\.1:2379 \(m1\) 2 ms, etcd3 3\.4\.23, leader;/,
    )
  })

  it('nofailover on every replica: nobody could take over, CRIT, with the reason per member', () => {
    const s = spec({
      members: {
        pg1: member3(5432, { role: 'master' }),
        pg2: member3(5433, { tags: { nofailover: true } }),
        pg3: member3(5434, { tags: { nofailover: true } }),
      },
    })
    const f = one(findings(s), 'readiness')
    expect(f?.status).toBe('CRIT')
    expect(f?.detail).toBe(
      'if the leader died now, no member could take over: pg2 is tagged nofailover; pg3 is tagged nofailover',
    )
    expect(f?.next).toMatch(/nofailover/)
  })

  it('lag over maximum_lag_on_failover and an unreachable agent are reasons not to take over', () => {
    const s = spec({
      config: { ttl: 30, loop_wait: 10, retry_timeout: 10, maximum_lag_on_failover: 100 },
      members: {
        pg1: member3(5432, { role: 'master', xlog_location: 5000 }),
        pg2: member3(5433, { xlog_location: 1000 }),
        pg3: member3(5434, { xlog_location: 5000 }),
      },
      optime: 5000,
    })
    const f = one(
      findings(s, [agent('pg1'), agent('pg2'), agent('pg3', { answered: false, error: 'refused' })]),
      'readiness',
    )
    expect(f?.status).toBe('CRIT')
    expect(f?.detail).toContain('pg2 lags 4000 bytes, more than maximum_lag_on_failover (100)')
    expect(f?.detail).toContain('pg3 its agent does not answer')
  })

  it('a system identifier that differs from the initialize key is CRIT and names the member', () => {
    const f = one(
      findings(spec(), [agent('pg1'), agent('pg2', { systemIdentifier: '7111111111111111111' }), agent('pg3')]),
      'system-identifier',
    )
    expect(f?.status).toBe('CRIT')
    expect(f?.detail).toMatch(/pg2 runs 7111111111111111111/)
  })

  it('ttl shorter than loop_wait + 2 × retry_timeout is a warning with the value that fits', () => {
    const f = one(findings(spec({ config: { ttl: 20, loop_wait: 10, retry_timeout: 10 } })), 'ttl')
    expect(f?.status).toBe('WARN')
    expect(f?.detail).toMatch(/= 30 > ttl 20/)
    expect(f?.next).toBe('ptctl edit-config demo -s ttl=30 (or lower loop_wait / retry_timeout)')
  })

  it('a failsafe key with failsafe_mode off is stale; with it on it is expected', () => {
    expect(one(findings(spec({ failsafe: { pg1: 'http://x/patroni' } })), 'failsafe-key')?.status).toBe('WARN')
    const on = findings(spec({ config: { failsafe_mode: true }, failsafe: { pg1: 'http://x/patroni' } }))
    expect(one(on, 'failsafe-mode')?.detail).toMatch(/^failsafe_mode is on/)
    expect(one(on, 'failsafe-key')).toBeUndefined()
  })

  it('mixed Patroni majors and PostgreSQL majors are a warning naming each', () => {
    const s = spec({
      members: {
        pg1: member3(5432, { role: 'master' }),
        pg2: member3(5433, { version: '4.1.4' }),
        pg3: member3(5434),
      },
    })
    const f = one(findings(s, [agent('pg1'), agent('pg2', { serverVersion: 160002 }), agent('pg3')]), 'versions')
    expect(f?.status).toBe('WARN')
    expect(f?.detail).toBe('Patroni 3: pg1, pg3; Patroni 4: pg2; PostgreSQL 15: pg1, pg3; PostgreSQL 16: pg2')
  })

  it('synchronous mode: a sync key naming a member that is gone, and PostgreSQL not counting it', () => {
    const s = spec({
      config: { synchronous_mode: true },
      sync: { leader: 'pg1', sync_standby: 'pg9' },
    })
    const f = one(
      findings(s, [
        agent('pg1', { replication: [{ name: 'pg2', state: 'streaming', syncState: 'async' }] }),
        agent('pg2'),
        agent('pg3'),
      ]),
      'synchronous',
    )
    expect(f?.status).toBe('WARN')
    expect(f?.detail).toMatch(/it lists pg9, not a member any more/)
    expect(f?.detail).toMatch(/PostgreSQL does not count pg9 as synchronous \(it reports none\)/)
  })

  it('DCS: an endpoint that does not answer is a warning, one serving old data is stale, a missing scope CRIT', () => {
    const dcs: DcsProbe = {
      kind: 'etcd3',
      endpoints: [
        { endpoint: 'http://a:2379', ok: false, error: 'no answer within 3s', localRevision: '10', stale: true },
        { endpoint: 'http://b:2379', ok: true, ms: 1, isLeader: true, revision: '20' },
      ],
    }
    const all = findings(spec(), agents, dcs)
    expect(one(all, 'endpoints')?.status).toBe('WARN')
    expect(one(all, 'stale-members')?.detail).toMatch(
      /^http:\/\/a:2379 serves revision 10 locally but cannot confirm it/,
    )
    const absent = findings({ scope: 'demo' }, [], healthyDcs)
    expect(one(absent, 'scope')?.status).toBe('CRIT')
    const twoLeaders: DcsProbe = {
      kind: 'etcd3',
      endpoints: [
        { endpoint: 'http://a:2379', name: 'e1', ok: true, ms: 1, isLeader: true },
        { endpoint: 'http://b:2379', name: 'e2', ok: true, ms: 1, isLeader: true },
      ],
    }
    expect(one(findings(spec(), agents, twoLeaders), 'quorum')).toMatchObject({
      status: 'WARN',
      detail: '2 endpoints say they lead (e1, e2): all but one are cut off from their peers',
    })
  })

  it("clocks: each agent's Date header against this machine's; more than 2 s apart is a warning naming it", () => {
    expect(one(findings(spec()), 'clock')).toBeUndefined()
    const near = ['pg1', 'pg2', 'pg3'].map((m, i) => agent(m, { clockSkewMs: [300, -800, 0][i] ?? 0 }))
    expect(one(findings(spec(), near), 'clock')).toEqual({
      area: 'timing',
      check: 'clock',
      status: 'OK',
      detail: "agents' clocks agree with this machine's within 2 s (pg1 +0.3 s, pg2 −0.8 s, pg3 +0.0 s)",
    })
    const far = ['pg1', 'pg2', 'pg3'].map((m, i) => agent(m, { clockSkewMs: [300, -95_000, 0][i] ?? 0 }))
    expect(one(findings(spec(), far), 'clock')).toMatchObject({
      status: 'WARN',
      detail: expect.stringMatching(
        /^pg2: clock differs from this machine's by more than 2 s \(pg1 \+0\.3 s, pg2 −95\.0 s/,
      ) as unknown,
      next: 'check time synchronisation on pg2 (timedatectl; chronyc tracking)',
    })
  })

  it('scheduled and pending work is listed with its reasons', () => {
    const s = spec({
      failover: { leader: 'pg1', member: 'pg2', scheduled_at: '2026-12-06T01:00:00+00:00' },
      members: {
        pg1: member3(5432, {
          role: 'master',
          pending_restart: true,
          pending_restart_reason: { max_connections: { old_value: '100', new_value: '101' } },
        }),
        pg2: member3(5433, { scheduled_restart: { schedule: '2026-12-06T02:00:00+00:00' } }),
        pg3: member3(5434),
      },
    })
    const all = findings(s)
    expect(one(all, 'scheduled-switchover')?.detail).toBe(
      'a switchover is scheduled at 2026-12-06T01:00:00+00:00 to pg2',
    )
    expect(one(all, 'scheduled-restarts')?.detail).toBe('pg2 at 2026-12-06T02:00:00+00:00')
    expect(one(all, 'pending-restart-reasons')?.detail).toBe('pg1: max_connections 100 -> 101')
  })
})
