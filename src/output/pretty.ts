import type { Align, Table } from './table.js'
import { escapeControls, escapeControlsKeepLines } from './escape.js'
import { textWidth } from './text-width.js'

/** Lays the title over the top border from its second character, as patronictl does. */
function overlayTitle(border: string, title: string): string {
  const text = title.slice(0, Math.max(0, border.length - 2))
  return border.slice(0, 1) + text + border.slice(1 + text.length)
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)))
  return align === 'right' ? fill + text : text + fill
}

/**
 * prettytable 3's frame as patronictl prints it: one space of padding, `+`/`-`/`|`, each column's alignment applied
 * to its header too, multi-line cells top-aligned line by line, and a rule after every row as soon as one cell has
 * several lines. Linear in the number of cells (a 1,000-member cluster renders in milliseconds).
 */
export function renderPretty(table: Table, cells: readonly (readonly string[])[]): string {
  const { columns } = table
  const headers = columns.map((c) => escapeControls(c.header ?? c.key))
  // what a cell holds is data: its control characters are shown escaped, line breaks only where lines belong
  const safe = (text: string, i: number) =>
    columns[i]?.multiline === true ? escapeControlsKeepLines(text) : escapeControls(text)
  const split = cells.map((row) => columns.map((_, i) => safe(row[i] ?? '', i).split('\n')))
  const widths = headers.map((h) => textWidth(h))
  for (const row of split) {
    row.forEach((lines, i) => {
      for (const line of lines) widths[i] = Math.max(widths[i] ?? 0, textWidth(line))
    })
  }
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`
  const line = (texts: readonly string[]) =>
    `| ${texts.map((t, i) => pad(t, widths[i] ?? 0, columns[i]?.align ?? 'left')).join(' | ')} |`
  const multiline = split.some((row) => row.some((lines) => lines.length > 1))

  const out: string[] = [rule, line(headers), rule]
  for (const row of split) {
    const height = Math.max(1, ...row.map((lines) => lines.length))
    for (let k = 0; k < height; k++) out.push(line(row.map((lines) => lines[k] ?? '')))
    if (multiline) out.push(rule)
  }
  if (!multiline || split.length === 0) out.push(rule)
  if (table.title !== undefined) out[0] = overlayTitle(rule, escapeControls(table.title))
  return out.join('\n')
}
