import { pythonJsonDumps } from './python-json.js'
import { pythonYamlDump, pythonYamlFlow } from './python-yaml.js'
import { renderPretty } from './pretty.js'
import { escapeControls, escapeControlsKeepLines } from './escape.js'
import type { CellValue, Column, OutputFormat, Row, Table } from './table.js'

function isEmpty(value: CellValue | undefined): boolean {
  return value === null || value === undefined || value === ''
}

/** Text of a cell: nested values as YAML, block style in pretty tables, flow style on one line elsewhere. */
function cellText(value: CellValue | undefined, block: boolean): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return block ? pythonYamlDump(value).trimEnd() : pythonYamlFlow(value)
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  return String(value)
}

/**
 * Renders a table in one format; the result ends without a newline except YAML's blank last line. JSON keeps every
 * key (null when empty) for a stable shape, unless `dropEmptyJson` (patronictl drops them); YAML always drops them.
 */
export function renderTable(
  table: Table,
  format: OutputFormat | 'topology',
  o: { dropEmptyJson?: boolean } = {},
): string {
  switch (format) {
    case 'pretty':
    case 'topology': {
      const block = format === 'pretty'
      const cells = table.rows.map((r) => table.columns.map((c) => cellText(r[c.key], block)))
      const text = renderPretty(table, cells)
      const footer = (table.footer ?? []).map(escapeControls)
      return footer.length > 0 ? `${text}\n${footer.join('\n')}` : text
    }
    case 'tsv': {
      const lines = [table.columns.map((c) => escapeControls(c.key)).join('\t')]
      // a tab or a control character in a cell would shift the columns or reach the terminal: escaped
      const cell = (c: Column, v: CellValue | undefined) =>
        c.multiline === true ? escapeControlsKeepLines(cellText(v, false)) : escapeControls(cellText(v, false))
      for (const r of table.rows) lines.push(table.columns.map((c) => cell(c, r[c.key])).join('\t'))
      return lines.join('\n')
    }
    case 'json':
      return pythonJsonDumps(table.rows.map((r) => jsonRow(table, r, o.dropEmptyJson === true)))
    case 'yaml':
    case 'yml':
      return pythonYamlDump(table.rows.map((r) => jsonRow(table, r, true)))
  }
}

function jsonRow(table: Table, row: Row, dropEmpty: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const c of table.columns) {
    const v = row[c.key]
    if (dropEmpty && isEmpty(v ?? null)) continue
    out[c.key] = v ?? null
  }
  return out
}
