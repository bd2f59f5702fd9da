import { describe, expect, it } from 'vitest'

import { clockSkew } from '../../src/services/doctor.js'

const at = (iso: string) => Date.parse(iso)
const answer = (date: string | undefined, sent: string, received: string) => ({
  status: 200,
  text: '{}',
  ...(date !== undefined ? { date } : {}),
  sentAt: at(sent),
  receivedAt: at(received),
})

describe("an agent's clock from its Date header", () => {
  it('within the round trip (the header cut to the second): no difference, however slow the answer', () => {
    expect(
      clockSkew(answer('Sat, 05 Dec 2026 07:00:00 GMT', '2026-12-05T07:00:00.900Z', '2026-12-05T07:00:00.950Z')),
    ).toBe(0)
    expect(
      clockSkew(answer('Sat, 05 Dec 2026 07:00:03 GMT', '2026-12-05T07:00:00.000Z', '2026-12-05T07:00:04.000Z')),
    ).toBe(0)
  })

  it('ahead or behind: the gap between the intervals, a lower bound', () => {
    expect(
      clockSkew(answer('Sat, 05 Dec 2026 07:01:40 GMT', '2026-12-05T07:00:00.000Z', '2026-12-05T07:00:00.100Z')),
    ).toBe(99_900)
    expect(
      clockSkew(answer('Sat, 05 Dec 2026 06:59:50 GMT', '2026-12-05T07:00:00.000Z', '2026-12-05T07:00:00.100Z')),
    ).toBe(-9_000)
  })

  it('no Date header, or one that is not a date: unknown', () => {
    expect(clockSkew(answer(undefined, '2026-12-05T07:00:00Z', '2026-12-05T07:00:01Z'))).toBeUndefined()
    expect(clockSkew(answer('yesterday', '2026-12-05T07:00:00Z', '2026-12-05T07:00:01Z'))).toBeUndefined()
  })
})
