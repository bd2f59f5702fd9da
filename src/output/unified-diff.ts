import { structuredPatch } from 'diff'

/** difflib's range text: `start,len`, `start` alone when len is 1, `start-1,0` when empty. */
function range(start: number, length: number): string {
  if (length === 1) return String(start)
  if (length === 0) return `${start - 1},0`
  return `${start},${length}`
}

/**
 * A unified diff like Python's difflib.unified_diff(..., fromfile='', tofile='') as patronictl prints it:
 * `--- ` and `+++ ` header lines with nothing after the space, then hunks with 3 lines of context.
 */
export function unifiedDiff(before: string, after: string): string {
  const patch = structuredPatch('', '', before, after, '', '', { context: 3 })
  if (patch.hunks.length === 0) return ''
  const lines = ['--- ', '+++ ']
  for (const h of patch.hunks) {
    const oldStart = h.oldLines === 0 ? h.oldStart + 1 : h.oldStart
    const newStart = h.newLines === 0 ? h.newStart + 1 : h.newStart
    lines.push(`@@ -${range(oldStart, h.oldLines)} +${range(newStart, h.newLines)} @@`)
    for (const l of h.lines) if (!l.startsWith('\\')) lines.push(l)
  }
  return lines.join('\n')
}
