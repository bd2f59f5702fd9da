import { describe, expect, it } from 'vitest'

import { renderDoctorReport } from '../../src/output/doctor-report.js'
import type { DoctorReport } from '../../src/services/doctor.js'

const report: DoctorReport = {
  cluster: 'demo\u001b]0;pwned\u0007',
  status: 'WARN',
  counts: { OK: 1, WARN: 1, CRIT: 0, UNKNOWN: 0 },
  dcs: { kind: 'etcd3', endpoints: [] },
  findings: [
    { area: 'dcs', check: 'scope', status: 'OK', detail: 'demo is in the namespace' },
    {
      area: 'failover',
      check: 'readiness',
      status: 'WARN',
      detail: 'not pg\u001b[2J3 its agent does not answer',
      next: 'ptctl list demo',
    },
  ],
}

describe('doctor text report', () => {
  it('paints verdicts and escapes what came from the DCS, never the paint', () => {
    const paint = (v: string, text: string) => `\u001b[1m${text}\u001b[22m<${v}>`
    const lines = renderDoctorReport(report, paint).split('\n')
    expect(lines[0]).toBe('DOCTOR demo\\x1b]0;pwned\\x07 \u001b[1mWARN\u001b[22m<WARN> - 1 OK, 1 WARN')
    expect(lines[2]).toBe(
      '\u001b[1mWARN   \u001b[22m<WARN> failover/readiness  not pg\\x1b[2J3 its agent does not answer',
    )
    expect(lines[3]).toBe(`${' '.repeat(28)}next: ptctl list demo`)
  })

  it('without paint: plain text, columns aligned on the longest area/check', () => {
    expect(renderDoctorReport({ ...report, cluster: 'demo' })).toBe(
      [
        'DOCTOR demo WARN - 1 OK, 1 WARN',
        'OK      dcs/scope           demo is in the namespace',
        'WARN    failover/readiness  not pg\\x1b[2J3 its agent does not answer',
        `${' '.repeat(28)}next: ptctl list demo`,
      ].join('\n'),
    )
  })
})
