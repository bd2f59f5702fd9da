import { describe, expect, it } from 'vitest'

import { evaluateHealth, parseByteSize, worst, type AgentProbes, type CheckOptions } from '../../src/cluster/health.js'
import { haproxyConfig } from '../../src/output/haproxy-config.js'
import { buildCluster, member4 } from '../helpers/records.js'

const MB = 1024 * 1024
const opts: CheckOptions = { minReplicas: 1, allowPaused: false, allowPendingRestart: false }
const healthy = (extra: Parameters<typeof buildCluster>[0] = {}) =>
  buildCluster({
    scope: 'demo',
    leader: 'pg1',
    optime: 10 * MB,
    config: { maximum_lag_on_failover: MB },
    members: {
      pg1: member4(5501, { role: 'primary', timeline: 2 }),
      pg2: member4(5502, { timeline: 2, replication_state: 'streaming', receive_lsn: 10 * MB, replay_lsn: 10 * MB }),
      pg3: member4(5503, { timeline: 2, replication_state: 'streaming', receive_lsn: 10 * MB, replay_lsn: 10 * MB }),
    },
    ...extra,
  })
const allUp: AgentProbes[] = [
  { member: 'pg1', health: 200, primary: 200 },
  { member: 'pg2', health: 200, replica: 200 },
  { member: 'pg3', health: 200, replica: 200 },
]
const status = (results: ReturnType<typeof evaluateHealth>, check: string) => results.find((r) => r.check === check)

describe('check verdicts', () => {
  it('a healthy cluster is OK everywhere', () => {
    const r = evaluateHealth(healthy(), allUp, opts)
    expect(r.map((c) => c.status)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK'])
    expect(worst(r.map((c) => c.status))).toBe('OK')
  })

  it('missing leader is CRIT', () => {
    const r = evaluateHealth(healthy({ leader: undefined }), allUp, opts)
    expect(status(r, 'leader')).toEqual({ check: 'leader', status: 'CRIT', detail: 'the cluster has no leader' })
  })

  it('lagging replica is WARN with the bytes', () => {
    const c = healthy({
      members: {
        pg1: member4(1, { timeline: 2 }),
        pg2: member4(2, { timeline: 2, replication_state: 'streaming', receive_lsn: 2 * MB, replay_lsn: 2 * MB }),
      },
    })
    const r = evaluateHealth(c, allUp.slice(0, 2), opts)
    expect(status(r, 'lag')).toEqual({ check: 'lag', status: 'WARN', detail: `pg2 lags ${8 * MB} bytes (limit ${MB})` })
    expect(status(evaluateHealth(c, allUp.slice(0, 2), { ...opts, maxLag: 16 * MB }), 'lag')?.status).toBe('OK')
  })

  it('paused and pending restart warn unless allowed', () => {
    const c = healthy({
      config: { pause: true },
      members: { pg1: member4(1, { timeline: 2 }), pg2: member4(2, { timeline: 2, pending_restart: true }) },
    })
    expect(status(evaluateHealth(c, [], opts), 'maintenance')?.status).toBe('WARN')
    expect(status(evaluateHealth(c, [], opts), 'pending restart')).toEqual({
      check: 'pending restart',
      status: 'WARN',
      detail: 'pg2 need a restart',
    })
    expect(
      status(evaluateHealth(c, [], { ...opts, allowPaused: true, allowPendingRestart: true }), 'maintenance')?.status,
    ).toBe('OK')
  })

  it('timeline split is WARN naming the members', () => {
    const c = healthy({ members: { pg1: member4(1, { timeline: 3 }), pg2: member4(2, { timeline: 2 }) } })
    expect(status(evaluateHealth(c, [], opts), 'timelines')).toEqual({
      check: 'timelines',
      status: 'WARN',
      detail: 'members disagree: TL3: pg1; TL2: pg2',
    })
  })

  it('no agent probed at all is UNKNOWN, never OK', () => {
    expect(status(evaluateHealth(healthy(), [], opts), 'agents')).toEqual({
      check: 'agents',
      status: 'UNKNOWN',
      detail: 'no agent was probed',
    })
  })

  it('agent down: a replica is WARN, the leader is CRIT; too few replicas', () => {
    const replicaDown = evaluateHealth(
      healthy(),
      [allUp[0] as AgentProbes, { member: 'pg2' }, allUp[2] as AgentProbes],
      opts,
    )
    expect(status(replicaDown, 'agents')).toEqual({
      check: 'agents',
      status: 'WARN',
      detail: 'pg2: REST API unreachable',
    })
    const leaderDown = evaluateHealth(healthy(), [{ member: 'pg1' }, ...allUp.slice(1)], opts)
    expect(status(leaderDown, 'agents')?.status).toBe('CRIT')
    const stopped = healthy({ members: { pg1: member4(1, { timeline: 2 }), pg2: member4(2, { state: 'stopped' }) } })
    expect(status(evaluateHealth(stopped, [], { ...opts, minReplicas: 1 }), 'replicas')).toEqual({
      check: 'replicas',
      status: 'CRIT',
      detail: '0 of 1 replicas streaming (minimum 1); pg2 is stopped',
    })
    expect(status(evaluateHealth(healthy(), allUp, { ...opts, minReplicas: 3 }), 'replicas')?.status).toBe('WARN')
  })

  it("a running replica counts as streaming only with evidence: its replication_state, or the leader's walsender", () => {
    // Patroni 3.0.2 member keys carry no replication_state: only the leader's walsenders tell
    const v302 = healthy({
      members: { pg1: member4(1, { timeline: 2 }), pg2: member4(2, { timeline: 2 }), pg3: member4(3, { timeline: 2 }) },
    })
    const leaderSays = (names: string[]): AgentProbes[] => [
      { member: 'pg1', health: 200, primary: 200, streamingTo: names },
      { member: 'pg2', health: 200, replica: 200 },
      { member: 'pg3', health: 200, replica: 200 },
    ]
    expect(status(evaluateHealth(v302, leaderSays(['pg2', 'pg3']), opts), 'replicas')?.status).toBe('OK')
    expect(status(evaluateHealth(v302, leaderSays(['pg2']), { ...opts, minReplicas: 2 }), 'replicas')).toEqual({
      check: 'replicas',
      status: 'WARN',
      detail: '1 of 2 replicas streaming (minimum 2); pg3 is running but not streaming',
    })
    const silentLeader = evaluateHealth(v302, [{ member: 'pg1' }, ...leaderSays([]).slice(1)], opts)
    expect(status(silentLeader, 'replicas')).toMatchObject({ status: 'CRIT' })
    expect(status(silentLeader, 'replicas')?.detail).toContain(
      'pg2 is running (streaming unknown: the leader did not answer)',
    )
  })

  it('parses byte sizes', () => {
    expect(['1024', '16MB', '1kB', '2 GB', '1.5MB'].map(parseByteSize)).toEqual([
      1024,
      16 * MB,
      1024,
      2 * 1024 * MB,
      1.5 * MB,
    ])
    expect(['', 'MB', '12XB', '-1'].map(parseByteSize)).toEqual([undefined, undefined, undefined, undefined])
  })
})

describe('haproxy config', () => {
  it('routes writes by /primary and reads by /replica, checking each api_url, leaving noloadbalance out of reads', () => {
    const c = buildCluster({
      scope: 'demo',
      leader: 'a',
      members: {
        a: { conn_url: 'postgres://10.0.0.1:5432/postgres', api_url: 'http://10.0.0.1:8008/patroni' },
        b: { conn_url: 'postgres://10.0.0.2:5433/postgres', api_url: 'https://10.0.0.2:8443/patroni' },
        c: {
          conn_url: 'postgres://10.0.0.3:5432/postgres',
          api_url: 'http://10.0.0.3:8008/patroni',
          tags: { noloadbalance: true },
        },
      },
    })
    const text = haproxyConfig(c, {
      bind: '127.0.0.1',
      writePort: 5000,
      readPort: 5001,
      statsPort: 7000,
      interval: 2,
      fall: 3,
      rise: 2,
      maxconn: 50,
    })
    const section = (name: string) => text.split(`listen ${name}`)[1]?.split('\n\n')[0] ?? ''
    expect(section('demo_primary')).toContain('option httpchk GET /primary')
    expect(section('demo_primary')).toContain('    server a 10.0.0.1:5432 maxconn 50 check addr 10.0.0.1 port 8008')
    expect(section('demo_primary')).toContain(
      '    server b 10.0.0.2:5433 maxconn 50 check addr 10.0.0.2 port 8443 check-ssl verify none',
    )
    expect(section('demo_primary')).toContain('on-marked-down shutdown-sessions')
    expect(section('demo_replicas')).toContain('option httpchk GET /replica')
    expect(section('demo_replicas')).not.toContain('server c ')
    expect(text).toContain('noloadbalance members left out: c')
    expect(text).toContain('bind 127.0.0.1:7000')
  })
})
