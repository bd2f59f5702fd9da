import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

const ORACLE = fileURLToPath(new URL('../helpers/dateutil-oracle.py', import.meta.url))
const PROBE = fileURLToPath(new URL('../helpers/schedule-probe.mjs', import.meta.url))
const TODAY = '2026-11-28'

const DATES = [
  '2030-01-01',
  '2030/01/02',
  '01/02/2030',
  '1/2/30',
  '01.02.2030',
  'Jan 1 2030',
  '1 Jan 2030',
  'January 1, 2030',
  '1st of January 2030',
  'Tue, 1 Jan 2030',
  'Sat',
  'Jan 1',
  '12/31',
  '20300101',
  '',
]
const TIMES = [
  '',
  '10:00',
  '10:00:30',
  '10:00:30.25',
  '1000',
  '10am',
  '10 pm',
  '12am',
  '23:59',
  '10h30',
  '7:05:09.123456789',
]
const ZONES = [
  '',
  'UTC',
  'GMT',
  'Z',
  '+0200',
  '+02:00',
  '-05',
  'EST',
  'CET',
  'CEST',
  'GMT+2',
  'UTC-5',
  'PST',
  '+0100 (CET)',
]
const WHOLE = [
  'Sat, 28 Nov 2026 06:39:53 +0000',
  'Sat Nov 28 06:39:53 UTC 2026',
  'Sat Nov 28 07:39:53 CET 2026',
  'Sat Nov 28 01:39:53 EST 2026',
  '20300101T1000',
  '20300101T100030',
  '203001011000',
  '2030-01-01T10',
  '2030-01-01T10:00:00.250Z',
  'tomorrow',
  'noon',
  'now',
  '2030-13-01',
  '2030-02-30',
  '24:00',
  'x',
  '10:00 foo',
  'nan',
  '1e5',
  '  2030-01-01  10:00  ',
  'December',
  'Tuesday 10:00',
]

/** Every date × time × zone the families of issue #9 combine, joined as people write them. */
function corpus(): string[] {
  const out = new Set<string>(WHOLE)
  for (const d of DATES)
    for (const t of TIMES)
      for (const z of ZONES) {
        out.add([d, t, z].filter((p) => p !== '').join(' '))
        if (d !== '' && t !== '' && /^\d{4}-/.test(d)) out.add(`${d}T${t}${z}`)
      }
  return [...out]
}

function run(command: string, args: string[], input: string[], tz: string): Array<string | null> {
  const out = execFileSync(command, args, { input: JSON.stringify(input), env: { ...process.env, TZ: tz } })
  return JSON.parse(out.toString()) as Array<string | null>
}

describe('--scheduled: ptctl names the same instant as the real dateutil that patronictl uses', () => {
  const texts = corpus()
  it.each(['UTC', 'Europe/Berlin', 'America/New_York'])('TZ=%s', (tz) => {
    const truth = run('/usr/bin/python3', [ORACLE, TODAY], texts, tz)
    const mine = run(process.execPath, [PROBE, TODAY], texts, tz)
    // before 1900 Python's local zone keeps today's standard offset where Node uses local mean time: those
    // instants are refused as past anyway, so only whether they parse is compared
    const same = (a: string | null | undefined, b: string | null | undefined) =>
      a === b || (a != null && b != null && /^(\d{1,3}|1[0-8]\d\d)-/.test(b))
    const differ = texts.flatMap((t, i) =>
      same(mine[i], truth[i]) ? [] : [`${JSON.stringify(t)}: ptctl ${mine[i]} dateutil ${truth[i]}`],
    )
    expect(texts.length).toBeGreaterThan(1500)
    // the corpus holds both what parses and what does not
    expect(truth.filter((x) => x === null).length).toBeGreaterThan(10)
    expect(truth.filter((x) => x !== null).length).toBeGreaterThan(1000)
    expect(differ).toEqual([])
  })
})
