import type { Cluster } from '../cluster/types.js'
import { buildListTable, type ListStyle, type ListSubject } from './list-table.js'
import { renderTable } from './render.js'
import type { Table } from './table.js'

/**
 * The text `list`/`topology` print for some clusters. Pretty tables come one after another as patronictl prints
 * them; tsv, json and yaml merge every cluster's rows into one document (each row names its cluster).
 */
export function renderClusters(
  clusters: readonly (Cluster | ListSubject)[],
  style: ListStyle,
  extended: boolean,
): string {
  const tables = clusters.map((c) => buildListTable(c, { style, extended }))
  if (style === 'pretty' || style === 'topology') return tables.map((t) => renderTable(t, style)).join('\n')
  const first = tables[0]
  const merged: Table = first
    ? { columns: widestColumns(tables), rows: tables.flatMap((t) => t.rows) }
    : { columns: [], rows: [] }
  return renderTable(merged, style)
}

/** Clusters may show different extended columns; a merged document uses the table with the most. */
function widestColumns(tables: readonly Table[]): Table['columns'] {
  return tables.reduce((a, t) => (t.columns.length > a.length ? t.columns : a), tables[0]?.columns ?? [])
}
