import type { Cluster } from '../cluster/types.js'
import type { ListDialect } from './list-dialect.js'
import { buildListTable, type ListSubject } from './list-table.js'
import { renderTable } from './render.js'

/** The pretty `list` table that actions print before and after they act (patronictl's "Current cluster topology"). */
export function topologyText(subject: Cluster | ListSubject, dialect: ListDialect): string {
  return renderTable(buildListTable(subject, { style: 'pretty', extended: false, dialect }), 'pretty')
}
