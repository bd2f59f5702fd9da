import type { Cluster } from '../cluster/types.js'
import type { ListDialect } from './list-dialect.js'
import { buildListTable, type ListStyle, type ListSubject } from './list-table.js'
import { renderTable } from './render.js'
import type { Column, Table } from './table.js'

/**
 * The text `list`/`topology` print for some clusters, each shaped for its own Patroni generation (`dialectOf`).
 * Pretty tables come one after another as patronictl prints them; tsv, json and yaml too when the dialect says so
 * (patronictl), else every cluster's rows merge into one document, each row naming its cluster (ptctl).
 */
export function renderClusters(
  clusters: readonly (Cluster | ListSubject)[],
  style: ListStyle,
  o: { extended: boolean; dialectOf: (subject: Cluster | ListSubject) => ListDialect },
): string {
  const shaped = clusters.map((c) => {
    const dialect = o.dialectOf(c)
    return { dialect, table: buildListTable(c, { style, extended: o.extended, dialect }) }
  })
  const one = (t: Table, dropEmptyJson: boolean) => renderTable(t, style, { dropEmptyJson })
  if (style === 'pretty' || style === 'topology') return shaped.map((s) => one(s.table, false)).join('\n')
  if (shaped.length === 0 || shaped.every((s) => s.dialect.documentPerCluster))
    return (shaped.length > 0 ? shaped : [{ table: { columns: [], rows: [] }, dialect: undefined }])
      .map((s) => one(s.table, s.dialect?.dropEmptyJson ?? false))
      .join('\n')
  const merged: Table = {
    columns: unionOfColumns(shaped.map((s) => s.table)),
    rows: shaped.flatMap((s) => s.table.rows),
  }
  return one(
    merged,
    shaped.some((s) => s.dialect.dropEmptyJson),
  )
}

/** Clusters may show different columns (extended ones, a generation's lag columns): a merged document has them all. */
function unionOfColumns(tables: readonly Table[]): Column[] {
  const seen = new Map<string, Column>()
  for (const t of tables) for (const c of t.columns) if (!seen.has(c.key)) seen.set(c.key, c)
  return [...seen.values()]
}
