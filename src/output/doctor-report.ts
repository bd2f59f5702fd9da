import { VERDICTS } from '../cluster/health.js'
import type { DoctorFleet, DoctorReport } from '../services/doctor.js'
import type { VerdictPainter } from './check-report.js'
import { escapeControls } from './escape.js'

/**
 * `DOCTOR demo CRIT - 1 CRIT, 2 WARN, 11 OK`, then one block per finding: verdict, area/check, what it means, and on
 * the next line what to run. Everything quoted from the DCS or an agent is escaped.
 */
export function renderDoctorReport(report: DoctorReport, paint?: VerdictPainter): string {
  const width = Math.max(...report.findings.map((f) => `${f.area}/${f.check}`.length), 8)
  const lines = [summaryLine(report, paint)]
  for (const f of report.findings) {
    const verdict = f.status.padEnd(7)
    // escaped before painting: the paint's own colour codes must reach the terminal
    lines.push(
      `${paint ? paint(f.status, verdict) : verdict} ${escapeControls(`${f.area}/${f.check}`.padEnd(width))}  ${escapeControls(f.detail)}`,
    )
    if (f.next !== undefined) lines.push(escapeControls(`${' '.repeat(8 + width + 2)}next: ${f.next}`))
  }
  return lines.join('\n')
}

function summaryLine(report: DoctorReport, paint?: VerdictPainter): string {
  const counts = VERDICTS.filter((v) => report.counts[v] > 0)
    .map((v) => `${report.counts[v]} ${v}`)
    .join(', ')
  const status = paint ? paint(report.status, report.status) : report.status
  return `DOCTOR ${escapeControls(report.cluster)} ${status} - ${counts}`
}

/** Several clusters: each one's block, a blank line between, then a line with the worst verdict. */
export function renderDoctorFleet(fleet: DoctorFleet, paint?: VerdictPainter): string {
  const blocks = fleet.clusters.map((r) => renderDoctorReport(r, paint))
  const n = fleet.clusters.length
  const counts = VERDICTS.map((v) => `${fleet.clusters.filter((c) => c.status === v).length} ${v}`).join(', ')
  return `${blocks.join('\n\n')}\n\nDOCTOR ${n} cluster${n === 1 ? '' : 's'} ${paint ? paint(fleet.status, fleet.status) : fleet.status} - ${counts}`
}
