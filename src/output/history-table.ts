import type { HistoryLine } from '../cluster/types.js'
import type { Table } from './table.js'

/** `history`: TL | LSN | Reason | Timestamp | New Leader, LSN as the integer byte position, no title. */
export function buildHistoryTable(lines: readonly HistoryLine[]): Table {
  return {
    columns: [
      { key: 'TL', align: 'right' },
      { key: 'LSN', align: 'right' },
      { key: 'Reason', align: 'left' },
      { key: 'Timestamp', align: 'left' },
      { key: 'New Leader', align: 'left' },
    ],
    rows: lines.map((l) => ({
      TL: l.timeline,
      LSN: l.lsn,
      Reason: l.reason,
      Timestamp: l.timestamp ?? null,
      'New Leader': l.newLeader ?? null,
    })),
  }
}
