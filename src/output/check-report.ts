import { VERDICTS } from '../cluster/health.js'
import type { CheckReport, FleetReport } from '../services/check.js'
import { escapeControls } from './escape.js'
import { renderPretty } from './pretty.js'

/** The Nagios-style first line: `CHECK demo WARN - replicas: ...; lag: ...`. */
export function checkSummary(report: CheckReport): string {
  const problems = report.checks.filter((c) => c.status !== 'OK').map((c) => `${c.check}: ${c.detail}`)
  // the cluster's name and the details quote the DCS: one line, control characters escaped
  return escapeControls(
    `CHECK ${report.cluster} ${report.status}${problems.length > 0 ? ` - ${problems.join('; ')}` : ''}`,
  )
}

export interface VerdictPainter {
  (verdict: 'OK' | 'WARN' | 'CRIT' | 'UNKNOWN', text: string): string
}

/** The summary line, then a table of every check; verdict words painted after layout so widths stay those of text. */
export function renderCheckReport(report: CheckReport, paint?: VerdictPainter): string {
  const columns = [
    { key: 'Check', align: 'left' as const },
    { key: 'Status', align: 'left' as const },
    { key: 'Detail', align: 'left' as const },
  ]
  const table = renderPretty(
    { columns, rows: [] },
    report.checks.map((c) => [c.check, c.status, c.detail]),
  )
  const painted = paint
    ? table.replace(
        /\| (OK|WARN|CRIT|UNKNOWN)( +)\|/g,
        (_m, v: 'OK' | 'WARN' | 'CRIT' | 'UNKNOWN', pad: string) => `| ${paint(v, v)}${pad}|`,
      )
    : table
  return `${checkSummary(report)}\n${painted}`
}

/** `check --all` / several clusters: one summary line per cluster, then the worst verdict and the count of each. */
export function renderFleetReport(fleet: FleetReport, paint?: VerdictPainter): string {
  const lines = fleet.clusters.map((r) => {
    const line = checkSummary(r)
    return paint ? line.replace(` ${r.status}`, ` ${paint(r.status, r.status)}`) : line
  })
  const counts = VERDICTS.map((v) => `${fleet.counts[v]} ${v}`).join(', ')
  const n = fleet.clusters.length
  lines.push(
    `CHECK ${n} cluster${n === 1 ? '' : 's'} ${paint ? paint(fleet.status, fleet.status) : fleet.status} - ${counts}`,
  )
  return lines.join('\n')
}
