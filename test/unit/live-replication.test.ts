import { describe, expect, it } from 'vitest'

import {
  bytesText,
  durationText,
  joinLive,
  lsnBytes,
  slotNameOf,
  type LeaderSnapshot,
  type WalSender,
} from '../../src/cluster/live-replication.js'
import { buildLiveTable } from '../../src/output/live-table.js'
import { renderTable } from '../../src/output/render.js'
import { buildCluster, member3 } from '../helpers/records.js'

const cluster = buildCluster({
  scope: 'demo',
  config: { ttl: 30, loop_wait: 10, retry_timeout: 10, slots: { keep_me: { type: 'physical' } } },
  leader: 'pg1',
  members: {
    pg1: member3(5432, { role: 'master' }),
    'PG-2': member3(5433),
    pg3: member3(5434),
  },
})
const sender = (name: string, extra: Partial<WalSender> = {}): WalSender => ({
  applicationName: name,
  state: 'streaming',
  syncState: 'async',
  sentLsn: '1/00000100',
  writeLsn: '1/00000100',
  flushLsn: '1/00000100',
  replayLsn: '1/00000000',
  writeLagSeconds: 0.0004,
  flushLagSeconds: 0.0012,
  replayLagSeconds: 12.34,
  ...extra,
})
const snapshot: LeaderSnapshot = {
  member: 'pg1',
  at: '2026-12-05 05:15:19.092075+00',
  currentLsn: '1/00000100',
  senders: [sender('PG-2')],
  slots: [
    { name: 'pg_2', type: 'physical', active: true, retainedBytes: 256 },
    { name: 'pg3', type: 'physical', active: false, retainedBytes: 16 * 1024 * 1024 },
    { name: 'old_member', type: 'physical', active: false, retainedBytes: 3 * 1024 ** 3 },
    { name: 'keep_me', type: 'physical', active: false, retainedBytes: 0 },
    { name: 'cdc', type: 'logical', active: true, retainedBytes: 10 },
  ],
  archiver: {
    archivedCount: 7,
    lastArchivedWal: '000000010000000000000007',
    lastArchivedTime: '2026-12-05 05:10:00+00',
    failedCount: 2,
    lastFailedWal: '000000010000000000000008',
    lastFailedTime: '2026-12-05 05:14:00+00',
    statsReset: '2026-12-01 00:00:00+00',
  },
}

describe('live replication (pure)', () => {
  it('reads LSNs as 64-bit byte positions', () => {
    expect(lsnBytes('0/0')).toBe(0n)
    expect(lsnBytes('1/00000100')).toBe(4294967552n)
    expect(lsnBytes('FFFFFFFF/FFFFFFFF')).toBe(2n ** 64n - 1n)
    expect(lsnBytes('nonsense')).toBeNull()
    expect(lsnBytes(null)).toBeNull()
  })

  it("names slots as Patroni does: lower case, other characters '_'", () => {
    expect(slotNameOf('PG-2')).toBe('pg_2')
    expect(slotNameOf('node.a@b')).toBe('node_a_b')
    expect(slotNameOf('x'.repeat(80))).toHaveLength(63)
  })

  it('joins walsenders by application name and slots by name; an orphan physical slot is named, kept ones not', () => {
    const view = joinLive(cluster, snapshot)
    const byName = new Map(view.members.map((m) => [m.member, m]))
    expect(byName.get('pg1')).toMatchObject({ role: 'Leader', replication: null, slot: null })
    expect(byName.get('PG-2')?.replication).toMatchObject({
      state: 'streaming',
      bytesBehind: { sent: 0, written: 0, flushed: 0, replayed: 256 },
      replayLagSeconds: 12.34,
    })
    expect(byName.get('PG-2')?.slot).toMatchObject({ name: 'pg_2', active: true })
    expect(byName.get('pg3')).toMatchObject({ replication: null, slot: { name: 'pg3', active: false } })
    expect(view.orphanSlots.map((s) => s.name)).toEqual(['old_member'])
  })

  it('a standby that reports a position past the leader (read a moment later) is not behind', () => {
    const view = joinLive(cluster, { ...snapshot, senders: [sender('PG-2', { replayLsn: '1/00000200' })] })
    expect(view.members.find((m) => m.member === 'PG-2')?.replication?.bytesBehind.replayed).toBe(0)
  })

  it('durations and sizes as a DBA reads them', () => {
    expect(durationText(null)).toBe('')
    expect(durationText(0.0004)).toBe('400 µs')
    expect(durationText(0.0123)).toBe('12 ms')
    expect(durationText(3.44)).toBe('3.4 s')
    expect(durationText(125)).toBe('2 min 5 s')
    expect(durationText(7300)).toBe('2 h 1 min')
    expect(bytesText(null)).toBe('')
    expect(bytesText(152)).toBe('152 B')
    expect(bytesText(4096)).toBe('4.0 KiB')
    expect(bytesText(16 * 1024 * 1024)).toBe('16 MiB')
  })

  it('the table: one row per member, the archiver and orphan slots under it', () => {
    const text = renderTable(buildLiveTable(joinLive(cluster, snapshot)), 'pretty')
    const lines = text.split('\n')
    expect(lines[0]).toContain('+ Cluster: demo (live from pg1 at 2026-12-05 05:15:19+00, LSN 1/00000100)')
    expect(text).toMatch(
      /\| PG-2 +\| 127\.0\.0\.1:5433 \| Replica \| running \| streaming +\| async \| +400 µs \| +1\.2 ms \| +12\.3 s \| +256 B \| active +\| +256 B \|/,
    )
    expect(text).toMatch(/\| pg3 +\|.*\| not streaming \|.*\| inactive \| +16 MiB \|/)
    expect(lines.slice(-2)).toEqual([
      'Archiver: 7 archived, last 000000010000000000000007 at 2026-12-05 05:10:00+00; 2 failed since 2026-12-01 00:00:00+00, last 000000010000000000000008 at 2026-12-05 05:14:00+00',
      'Slot old_member belongs to no member (inactive) and retains 3.0 GiB',
    ])
  })
})
