import { bytesText, durationText, type LiveView } from '../cluster/live-replication.js'
import type { Column, Row, Table } from './table.js'

const COLUMNS: readonly Column[] = [
  { key: 'Member', align: 'left' },
  { key: 'Host', align: 'left' },
  { key: 'Role', align: 'left' },
  { key: 'State', align: 'left' },
  { key: 'Replication', align: 'left' },
  { key: 'Sync', align: 'left' },
  { key: 'Write lag', align: 'right' },
  { key: 'Flush lag', align: 'right' },
  { key: 'Replay lag', align: 'right' },
  { key: 'Behind', align: 'right' },
  { key: 'Slot', align: 'left' },
  { key: 'Retained', align: 'right' },
]

/**
 * `list --live`: the members as the DCS lists them, each replica joined with the leader's walsender for it (state,
 * sync state, lags as durations, bytes not yet replayed) and its slot (active, WAL retained). The title names the
 * leader whose PostgreSQL answered; the footer says what the archiver did and which slots belong to nobody.
 */
export function buildLiveTable(view: LiveView): Table {
  const rows: Row[] = view.members.map((m) => {
    const leader = m.member === view.leader
    const r = m.replication
    return {
      Member: m.member,
      Host: m.host ?? '',
      Role: m.role,
      State: m.state ?? '',
      Replication: leader ? '' : (r?.state ?? 'not streaming'),
      Sync: r?.syncState ?? '',
      'Write lag': durationText(r?.writeLagSeconds ?? null),
      'Flush lag': durationText(r?.flushLagSeconds ?? null),
      'Replay lag': durationText(r?.replayLagSeconds ?? null),
      Behind: bytesText(r?.bytesBehind.replayed ?? null),
      Slot: leader ? '' : m.slot === null ? 'none' : m.slot.active ? 'active' : 'inactive',
      Retained: bytesText(m.slot?.retainedBytes ?? null),
    }
  })
  return {
    // the server's clock to the second: enough to tell two refreshes apart
    title: ` Cluster: ${view.cluster} (live from ${view.leader} at ${view.at.replace(/\.\d+/, '')}, LSN ${view.currentLsn}) `,
    columns: COLUMNS,
    rows,
    footer: [archiverLine(view), ...view.orphanSlots.map((s) => orphanLine(s.name, s.active, s.retainedBytes))],
  }
}

function archiverLine(view: LiveView): string {
  const a = view.archiver
  if (a === null) return 'Archiver: not reported'
  const since = a.statsReset !== null ? ` since ${a.statsReset}` : ''
  const last =
    a.lastArchivedWal !== null ? `last ${a.lastArchivedWal} at ${a.lastArchivedTime ?? '?'}` : 'nothing archived'
  const failed =
    a.failedCount > 0
      ? `${a.failedCount} failed${since}, last ${a.lastFailedWal ?? '?'} at ${a.lastFailedTime ?? '?'}`
      : `0 failed${since}`
  return `Archiver: ${a.archivedCount} archived, ${last}; ${failed}`
}

function orphanLine(name: string, active: boolean, retained: number | null): string {
  return `Slot ${name} belongs to no member (${active ? 'active' : 'inactive'}) and retains ${bytesText(retained) || 'no WAL'}`
}
