/** The one table model every command renders; renderers are pure functions of it. */

export type Align = 'left' | 'right'

export interface Column {
  /** key in JSON/YAML output and header in tsv */
  readonly key: string
  /** header in pretty output (defaults to key) */
  readonly header?: string
  readonly align: Align
  /** a cell may hold several lines (tags, pending restart reasons, a query's text values); others are one line */
  readonly multiline?: boolean
}

/** What a cell may hold before a renderer turns it into text. */
export type CellValue = string | number | boolean | null | readonly unknown[] | Readonly<Record<string, unknown>>

export type Row = Readonly<Record<string, CellValue>>

export interface Table {
  /** laid over the top border in pretty mode */
  readonly title?: string
  readonly columns: readonly Column[]
  readonly rows: readonly Row[]
  /** lines printed after the table in pretty mode (patronictl's maintenance/switchover notes) */
  readonly footer?: readonly string[]
}

export const OUTPUT_FORMATS = ['pretty', 'tsv', 'json', 'yaml', 'yml'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]
