import type { QueryResult } from '../services/query.js'
import { renderPretty } from './pretty.js'
import { pythonJsonDumps } from './python-json.js'
import { pythonYamlDump } from './python-yaml.js'
import type { OutputFormat } from './table.js'

/** What patronictl prints for a statement that returns no result set (psycopg's message). */
export const NO_RESULTS = 'no results to fetch'

/**
 * `query`'s output as patronictl prints it: tsv is a header line and rows joined by the delimiter, pretty an
 * untitled table of the same texts; json and yaml are one list of row objects keeping each column's type.
 */
export function renderQueryResult(result: QueryResult, format: OutputFormat, delimiter: string): string {
  const objects = () =>
    result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]?.json ?? null])))
  switch (format) {
    case 'json':
      return pythonJsonDumps(objects())
    case 'yaml':
    case 'yml':
      return pythonYamlDump(objects())
    case 'tsv':
      if (!result.hasResultSet) return NO_RESULTS
      return [result.columns.join(delimiter), ...result.rows.map((r) => r.map((v) => v.text).join(delimiter))].join(
        '\n',
      )
    case 'pretty': {
      if (!result.hasResultSet) return NO_RESULTS
      const columns = result.columns.map((c) => ({ key: c, align: 'left' as const }))
      return renderPretty(
        { columns, rows: [] },
        result.rows.map((r) => r.map((v) => v.text)),
      )
    }
  }
}
