import CliTable from 'cli-table3'

import type { Table } from './table.js'

const ASCII_CHARS = {
  top: '-',
  'top-mid': '+',
  'top-left': '+',
  'top-right': '+',
  bottom: '-',
  'bottom-mid': '+',
  'bottom-left': '+',
  'bottom-right': '+',
  left: '|',
  'left-mid': '+',
  mid: '-',
  'mid-mid': '+',
  right: '|',
  'right-mid': '+',
  middle: '|',
}

/** Lays the title over the top border from its second character, as patronictl does. */
function overlayTitle(border: string, title: string): string {
  const text = title.slice(0, Math.max(0, border.length - 2))
  return border.slice(0, 1) + text + border.slice(1 + text.length)
}

/** Renders cell text exactly as prettytable 3 frames it; every cell must already be a string. */
export function renderPretty(table: Table, cells: readonly (readonly string[])[]): string {
  const multiline = cells.some((row) => row.some((c) => c.includes('\n')))
  const t = new CliTable({
    head: table.columns.map((c) => c.header ?? c.key),
    colAligns: table.columns.map((c) => c.align),
    chars: ASCII_CHARS,
    style: { head: [], border: [], compact: !multiline, 'padding-left': 1, 'padding-right': 1 },
  })
  for (const row of cells) t.push([...row])
  let text = t.toString()
  if (cells.length === 0) {
    // prettytable closes an empty table with a second rule under the header
    const lines = text.split('\n')
    const rule = lines[0] ?? ''
    text = [...lines, rule].join('\n')
  }
  if (table.title !== undefined) {
    const nl = text.indexOf('\n')
    text = overlayTitle(text.slice(0, nl), table.title) + text.slice(nl)
  }
  return text
}
