import { describe, expect, it } from 'vitest'

import { isoformat, parseScheduled } from '../../src/cluster/schedule.js'
import { posixZoneNames } from '../../src/cli/local-zone.js'

// the instants the real dateutil (python3-dateutil 2.8.2, patronictl's parser) gives for these texts on 2026-11-28
// in TZ=UTC (vitest runs with TZ=UTC); test/contract/dateutil.test.ts compares thousands more in three zones
const DATEUTIL: Array<[string, string | null]> = [
  ['Sat, 28 Nov 2026 06:39:53 +0000', '2026-11-28T06:39:53+00:00'], // date -R
  ['Sat Nov 28 06:39:53 UTC 2026', '2026-11-28T06:39:53+00:00'], // date
  ['Jan 1 2030 10:00 UTC', '2030-01-01T10:00:00+00:00'],
  ['23:59', '2026-11-28T23:59:00+00:00'], // today
  ['20300101T1000', '2030-01-01T10:00:00+00:00'],
  ['Jan 1 2030 10:00 EST', '2030-01-01T10:00:00+00:00'], // dateutil ignores zones it does not know: local time
  ['2030-01-01T10:00:00+02:00', '2030-01-01T10:00:00+02:00'],
  ['2030-01-01 10:00', '2030-01-01T10:00:00+00:00'],
  ['2030-01-01T10:00:00.250Z', '2030-01-01T10:00:00.250000+00:00'],
  ['Mon, 02 Dec 2030 10:00:00 +0100 (CET)', '2030-12-02T10:00:00+01:00'],
  ['2030-01-01 10:00 GMT+2', '2030-01-01T10:00:00-02:00'], // POSIX sign, as dateutil reads it
  ['1/2/2030 10:00', '2030-01-02T10:00:00+00:00'], // month first
  ['10am', '2026-11-28T10:00:00+00:00'],
  ['Dec 24', '2026-12-24T00:00:00+00:00'],
  ['tomorrow', null],
  ['2030-02-30 10:00', null],
  ['24:00', null],
]

describe('--scheduled names the instant patronictl (dateutil) names', () => {
  const local = { now: new Date('2026-11-28T06:39:53Z'), zoneNames: ['UTC', 'UTC'] }
  it.each(DATEUTIL)('%j → %j', (text, iso) => {
    const parsed = parseScheduled(text, local)
    expect(parsed ? isoformat(parsed) : null).toBe(iso)
  })

  it('says which zone it ignored, as patronictl ignores it', () => {
    expect(parseScheduled('Jan 1 2030 10:00 EST', local)?.ignoredZone).toBe('EST')
    expect(parseScheduled('Jan 1 2030 10:00 UTC', local)?.ignoredZone).toBeUndefined()
  })

  it('a timestamp naming the local zone is local time', () => {
    const berlin = { now: local.now, zoneNames: ['CET', 'CEST'] }
    expect(parseScheduled('Sat Nov 28 07:39:53 CET 2026', berlin)?.ignoredZone).toBeUndefined()
  })
})

describe("the local zone's abbreviations (Python's time.tzname)", () => {
  it.each([
    ['UTC0', ['UTC', 'UTC']],
    ['CET-1CEST,M3.5.0,M10.5.0/3', ['CET', 'CEST']],
    ['EST5EDT,M3.2.0,M11.1.0', ['EST', 'EDT']],
    ['<+0530>-5:30', ['+0530', '+0530']],
    ['IST-5:30', ['IST', 'IST']],
  ])('%s', (spec, names) => {
    expect(posixZoneNames(spec)).toEqual(names)
  })
})
