import { singleCluster } from '../../src/cluster/citus.js'
import { describe, expect, it } from 'vitest'

import { formatLsn, lagInMb, parseLsn, roundHalfEven } from '../../src/cluster/lsn.js'
import { memberViews } from '../../src/cluster/member-view.js'
import { groupByScope, parseCluster } from '../../src/cluster/parse.js'
import { isPaused, memberRole } from '../../src/cluster/roles.js'
import { membersWithRole } from '../../src/cluster/select.js'
import { topologyName, topologyOrder } from '../../src/cluster/topology.js'
import { ActionError } from '../../src/errors.js'
import { buildHistoryTable } from '../../src/output/history-table.js'
import { pythonYamlDump } from '../../src/output/python-yaml.js'
import { renderTable } from '../../src/output/render.js'
import { findDsn } from '../../src/services/dsn.js'
import { isAbsent } from '../../src/services/read-clusters.js'
import { formatServerVersion } from '../../src/services/versions.js'
import { demo302Cluster, golden, pausedCluster, standbyCluster, syncCluster } from '../helpers/fixtures.js'
import { buildCluster, clusterRecords, member4 } from '../helpers/records.js'

describe('LSN and lag', () => {
  it('formats and parses %X/%X', () => {
    expect(formatLsn(0x4000060)).toBe('0/4000060')
    expect(formatLsn(5 * 2 ** 32 + 0xabc)).toBe('5/ABC')
    expect(parseLsn('5/ABC')).toBe(5 * 2 ** 32 + 0xabc)
    expect(parseLsn('123')).toBe(123)
    expect(parseLsn('x')).toBeUndefined()
  })
  it('rounds halves to even like Python', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3])
    expect(lagInMb(2.5 * 1024 * 1024)).toBe(2)
    expect(lagInMb(3.5 * 1024 * 1024)).toBe(4)
    expect(lagInMb(1024 * 1024 - 1)).toBe(1)
  })
})

describe('parseCluster', () => {
  it('reads 3.x members (xlog_location only, role master) into the Replay columns', () => {
    const c = demo302Cluster()
    expect(c.initialize).toBe('7712158002539882163')
    expect(c.leader?.value).toBe('pg1')
    expect(c.members.map((m) => m.name)).toEqual(['pg1', 'pg2', 'pg3'])
    const views = memberViews(c)
    expect(views[0]?.role).toBe('leader')
    expect(views[1]?.receive).toBe('unknown')
    expect(views[1]?.replay).toEqual({ lsn: 0x4000060, lagBytes: 0 })
  })

  it('puts a streaming 3.x member into the Receive columns', () => {
    const c = buildCluster({
      leader: 'a',
      optime: 3 * 1024 * 1024,
      members: { a: member4(5432), b: member4(5433, { state: 'streaming', xlog_location: 1024 * 1024 }) },
    })
    const b = memberViews(c)[1]
    expect(b?.receive).toEqual({ lsn: 1024 * 1024, lagBytes: 2 * 1024 * 1024 })
    expect(b?.replay).toBe('unknown')
  })

  it('reads 4.x members, sync standby, tags, pending and scheduled restarts', () => {
    const c = syncCluster()
    expect(memberRole(c, 'postgresql1')).toBe('sync_standby')
    expect(c.members[1]?.tags).toEqual({ nofailover: true, clonefrom: true })
    const p = pausedCluster()
    expect(isPaused(p)).toBe(true)
    expect(p.members[1]?.pendingRestart).toBe(true)
    expect(p.members[1]?.scheduledRestart).toEqual({ schedule: '2025-03-23T18:00:00-03:00', postgresVersion: '15.4' })
    expect(p.failover?.value).toEqual({
      leader: 'postgresql0',
      member: 'postgresql1',
      scheduledAt: '2025-03-23T18:00:00+00:00',
    })
  })

  it('a sync key without synchronous_mode does not make a Sync Standby (4.x)', () => {
    const c = buildCluster({
      leader: 'a',
      sync: { leader: 'a', sync_standby: 'b' },
      members: { a: member4(1), b: member4(2) },
    })
    expect(memberRole(c, 'b')).toBe('replica')
  })

  it('quorum mode makes Quorum Standby; standby_cluster makes Standby Leader', () => {
    const q = buildCluster({
      leader: 'a',
      config: { synchronous_mode: 'quorum' },
      sync: { leader: 'a', sync_standby: 'B,c', quorum: 1 },
      members: { a: member4(1), b: member4(2), c: member4(3) },
    })
    expect(memberRole(q, 'b')).toBe('quorum_standby')
    expect(memberRole(standbyCluster(), 'pg-a')).toBe('standby_leader')
  })

  it('tolerates garbage: bad member JSON, legacy failover text, short history lines, legacy optime', () => {
    const records = clusterRecords({
      scope: 's',
      leader: 'a',
      failover: 'a:b',
      history: [[1, 100, 'no recovery target specified'], ['x'], [2, 200, 'r', '2026-01-01T00:00:00+00:00', 'b']],
      legacyOptime: 4096,
    })
    records.push({ key: '/service/s/members/a', value: '{not json', version: '99' })
    records.push({ key: '/service/s/members/nested/x', value: '{}', version: '98' })
    records.push({ key: '/service/other/leader', value: 'z', version: '97' })
    const c = parseCluster('s', '/service/s/', records)
    expect(c.members.map((m) => m.name)).toEqual(['a'])
    expect(c.members[0]?.state).toBeUndefined()
    expect(c.invalidKeys).toEqual(['members/a'])
    expect(c.failover?.value).toEqual({ leader: 'a', member: 'b' })
    expect(c.history?.value).toEqual([
      { timeline: 1, lsn: 100, reason: 'no recovery target specified' },
      { timeline: 2, lsn: 200, reason: 'r', timestamp: '2026-01-01T00:00:00+00:00', newLeader: 'b' },
    ])
    expect(c.lastLsn).toBe(4096)
  })

  it('an empty read is an absent cluster; an uninitialized one with a member is not', () => {
    expect(isAbsent(buildCluster({}))).toBe(true)
    expect(isAbsent(buildCluster({ members: { a: member4(1) } }))).toBe(false)
    expect(buildCluster({ members: { a: member4(1) } }).initialize).toBeNull()
    expect(buildCluster({ initialize: '' }).initialize).toBe('')
  })

  it('groups one namespace read by scope', () => {
    const records = [...clusterRecords({ scope: 'b', leader: 'x' }), ...clusterRecords({ scope: 'a', initialize: '1' })]
    const groups = groupByScope('/service/', records)
    expect([...groups.keys()].sort()).toEqual(['a', 'b'])
  })
})

describe('topology', () => {
  it('hangs replicas under their replicatefrom member, and cycles under the leader', () => {
    const c = buildCluster({
      leader: 'l',
      members: {
        l: member4(1),
        a: member4(2, { tags: { replicatefrom: 'b' } }),
        b: member4(3, { tags: { replicatefrom: 'a' } }),
        c: member4(4, { tags: { replicatefrom: 'c' } }),
        d: member4(5, { tags: { replicatefrom: 'c' } }),
      },
    })
    const names = topologyOrder(memberViews(c)).map(topologyName)
    expect(names[0]).toBe('l')
    expect(names).toContain('+ c')
    expect(names.indexOf('  + d')).toBe(names.indexOf('+ c') + 1)
    expect(names).toHaveLength(5)
  })
  it('without a leader every member is at level 1', () => {
    const c = buildCluster({ members: { a: member4(1), b: member4(2) } })
    expect(topologyOrder(memberViews(c)).map(topologyName)).toEqual(['+ a', '+ b'])
  })
})

describe('role selection and dsn', () => {
  it('selects by patronictl roles', () => {
    const c = demo302Cluster()
    expect(membersWithRole(c, 'leader').map((m) => m.name)).toEqual(['pg1'])
    expect(membersWithRole(c, 'master').map((m) => m.name)).toEqual(['pg1'])
    expect(membersWithRole(c, 'primary').map((m) => m.name)).toEqual(['pg1'])
    expect(membersWithRole(c, 'standby-leader')).toEqual([])
    expect(membersWithRole(c, 'replica').map((m) => m.name)).toEqual(['pg2', 'pg3'])
    expect(membersWithRole(c, 'any')).toHaveLength(3)
    expect(membersWithRole(standbyCluster(), 'standby-leader').map((m) => m.name)).toEqual(['pg-a'])
  })
  it('dsn of the leader, a replica, a member; errors', () => {
    const c = singleCluster(demo302Cluster())
    expect(findDsn(c, {}).dsn).toBe(golden('c-dsn.txt'))
    expect(findDsn(c, { role: 'replica' }).dsn).toBe('host=127.0.0.1 port=5502')
    expect(findDsn(c, { member: 'pg3' }).dsn).toBe('host=127.0.0.1 port=5503')
    expect(() => findDsn(c, { member: 'nosuch' })).toThrow(ActionError)
    expect(() => findDsn(singleCluster(buildCluster({ members: { a: member4(1) } })), {})).toThrow(
      'Can not find a suitable member',
    )
  })
})

describe('history and show-config renderings (goldens.md §C)', () => {
  it('empty history as a table and as json', () => {
    expect(renderTable(buildHistoryTable([]), 'pretty')).toBe(golden('c-history.txt'))
    expect(renderTable(buildHistoryTable([]), 'json')).toBe(golden('c-history-json.txt'))
  })
  it('history rows: TL and LSN right-aligned, missing cells empty', () => {
    const text = renderTable(
      buildHistoryTable([
        {
          timeline: 1,
          lsn: 67417400,
          reason: 'no recovery target specified',
          timestamp: '2026-11-25T17:26:11.610416+00:00',
          newLeader: 'pg2',
        },
        { timeline: 2, lsn: 5, reason: 'r' },
      ]),
      'pretty',
    )
    expect(text.split('\n')[3]).toBe(
      '|  1 | 67417400 | no recovery target specified | 2026-11-25T17:26:11.610416+00:00 | pg2        |',
    )
    expect(text.split('\n')[4]).toBe(
      '|  2 |        5 | r                            |                                  |            |',
    )
  })
  it('show-config prints PyYAML-sorted YAML', () => {
    const config = demo302Cluster().config?.value ?? {}
    expect(pythonYamlDump(config)).toBe(`${golden('c-show-config.txt').replace(/\n$/, '')}\n`)
  })
})

describe('versions', () => {
  it('formats server_version_num', () => {
    expect(formatServerVersion(150018)).toBe('15.18')
    expect(formatServerVersion(90624)).toBe('9.6.24')
    expect(formatServerVersion(100001)).toBe('10.1')
  })
})

describe('display width, as prettytable (wcwidth) counts it', () => {
  it('wide and fullwidth characters take two columns, combining marks and joiners none', async () => {
    const { textWidth } = await import('../../src/output/text-width.js')
    expect(textWidth('pg1')).toBe(3)
    expect(textWidth('日本')).toBe(4)
    expect(textWidth('ＡＢ')).toBe(4)
    expect(textWidth('e\u0301')).toBe(1)
    expect(textWidth('a\u200bb')).toBe(2)
    expect(textWidth('Zoë ☃')).toBe(5)
  })
})
