import type { QueryResult } from '../services/query.js'
import { escapeControlsKeepLines } from './escape.js'
import { renderPretty } from './pretty.js'
import { pythonJsonDumps } from './python-json.js'
import { pythonYamlDump } from './python-yaml.js'
import type { OutputFormat } from './table.js'

/** psycopg's message for a statement that returns no result set, which patronictl prints as an error row. */
const NO_RESULTS = 'no results to fetch'

/**
 * patronictl's row for what went wrong instead of a result (it prints them as results, exit 0): the time and the
 * message, joined by the delimiter (`2026-12-04 17:00:00\tERROR, SQLSTATE: 42703`).
 */
export function queryProblemRow(message: string, at: string, delimiter: string): string {
  return `${at}${delimiter}${message}`
}

/** The row for a statement without a result set (DDL, INSERT without RETURNING): psycopg's words, as patronictl. */
export const noResultsRow = (at: string, delimiter: string): string =>
  queryProblemRow(`ERROR, SQLSTATE: ${NO_RESULTS}`, at, delimiter)

/**
 * `query`'s output as patronictl prints it: tsv is a header line and rows joined by the delimiter, pretty an
 * untitled table of the same texts; json and yaml are one list of row objects keeping each column's type.
 */
export function renderQueryResult(
  result: QueryResult,
  format: OutputFormat,
  o: { delimiter: string; at: string },
): string {
  const { delimiter } = o
  const objects = () =>
    result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]?.json ?? null])))
  switch (format) {
    case 'json':
      return pythonJsonDumps(objects())
    case 'yaml':
    case 'yml':
      return pythonYamlDump(objects())
    case 'tsv': {
      if (!result.hasResultSet) return noResultsRow(o.at, delimiter)
      // what PostgreSQL returns is data too: control characters escaped, line breaks kept as patronictl prints them
      const line = (cells: readonly string[]) => cells.map(escapeControlsKeepLines).join(delimiter)
      return [line(result.columns), ...result.rows.map((r) => line(r.map((v) => v.text)))].join('\n')
    }
    case 'pretty': {
      if (!result.hasResultSet) return noResultsRow(o.at, delimiter)
      const columns = result.columns.map((c) => ({ key: c, align: 'left' as const, multiline: true }))
      return renderPretty(
        { columns, rows: [] },
        result.rows.map((r) => r.map((v) => v.text)),
      )
    }
  }
}
