/**
 * The answers Patroni (3.x and 4.x, api.py) gives to each request. An action counts as done only on one of these:
 * any other 2xx answer (an HTML page, a proxy's text, garbage) is not Patroni's, and its outcome is unknown.
 */

/** What POST /switchover or /failover answered. */
export type SwitchoverAnswer = { readonly text: string } &
  /** `Successfully switched over to "pg2"` / `Successfully failed over to "pg2"` */
  (| { readonly kind: 'done'; readonly leader: string }
    /** `Switched over to "pg3" instead of "pg2"`: another switchover won */
    | { readonly kind: 'other-leader'; readonly leader: string; readonly wanted: string }
    /** 202 `Switchover scheduled` */
    | { readonly kind: 'scheduled' }
  )

const DONE = /^Successfully (?:switched|failed) over to "(.*)"$/
const OTHER = /^(?:Switched|Failed) over to "(.*)" instead of "(.*)"$/

export function readSwitchoverAnswer(status: number, text: string): SwitchoverAnswer | undefined {
  const body = text.trim()
  if (status === 202 && /^(Switchover|Failover) scheduled$/.test(body)) return { kind: 'scheduled', text: body }
  if (status !== 200) return undefined
  const done = DONE.exec(body)
  if (done) return { kind: 'done', leader: done[1] ?? '', text: body }
  const other = OTHER.exec(body)
  if (other) return { kind: 'other-leader', leader: other[1] ?? '', wanted: other[2] ?? '', text: body }
  return undefined
}

/** POST /restart: 200 done now, 202 scheduled. */
export function readRestartAnswer(status: number, text: string): 'restarted' | 'scheduled' | undefined {
  const body = text.trim()
  if (status === 200 && /^(restarted successfully|restart initiated)$/.test(body)) return 'restarted'
  if (status === 202 && body === 'Restart scheduled') return 'scheduled'
  return undefined
}

/** POST /reload: 202 scheduled; newer agents answer 200 when the local configuration did not change. */
export function readReloadAnswer(status: number, text: string): 'scheduled' | 'nothing-changed' | undefined {
  const body = text.trim()
  if (status === 202 && body === 'reload scheduled') return 'scheduled'
  if (status === 200 && body === 'nothing changed') return 'nothing-changed'
  return undefined
}

/** The fixed 200 texts of the other actions. */
export const PLAIN_ANSWERS = {
  reinitialize: 'reinitialize started',
  cancelRestart: 'scheduled restart deleted',
  cancelSwitchover: 'scheduled switchover deleted',
} as const

/** A 200 answer whose body is a JSON object (GET /patroni, PATCH /config); undefined otherwise. */
export function readJsonObject(status: number, text: string): Record<string, unknown> | undefined {
  if (status !== 200) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
