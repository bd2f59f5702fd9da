/** Scheduled times as patronictl takes them (unambiguous ISO 8601; naive = local time) and prints them. */

export interface Scheduled {
  readonly at: Date
  /** UTC offset in minutes the user meant (local when the text had none) */
  readonly offsetMinutes: number
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/** Parses a scheduled time; undefined when unparsable. */
export function parseScheduled(text: string): Scheduled | undefined {
  const m = ISO.exec(text.trim())
  if (!m) return undefined
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number]
  const [year, month, day, hour, minute, second] = parts
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined
  const ms = Math.floor(Number(`0.${frac}`) * 1000)
  if (zone !== undefined) {
    const offset = zone.toUpperCase() === 'Z' ? 0 : zoneMinutes(zone)
    const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000)
    if (at.getUTCDate() !== new Date(Date.UTC(year, month - 1, day)).getUTCDate()) return undefined
    return { at, offsetMinutes: offset }
  }
  const at = new Date(year, month - 1, day, hour, minute, second, ms)
  if (at.getDate() !== day) return undefined
  return { at, offsetMinutes: -at.getTimezoneOffset() }
}

function zoneMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'))
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0')

function fields(s: Scheduled): { date: string; time: string; zone: string } {
  const shifted = new Date(s.at.getTime() + s.offsetMinutes * 60_000)
  const date = `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`
  let time = `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`
  if (shifted.getUTCMilliseconds() > 0) time += `.${pad(shifted.getUTCMilliseconds() * 1000, 6)}`
  const zone = `${s.offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(s.offsetMinutes / 60))}:${pad(s.offsetMinutes % 60)}`
  return { date, time, zone }
}

/** Python's datetime.isoformat() of an aware datetime: 2026-11-25T18:00:00+00:00 */
export function isoformat(s: Scheduled): string {
  const f = fields(s)
  return `${f.date}T${f.time}${f.zone}`
}

/** Python's str(datetime): 2026-11-25 18:00:00+00:00 (patronictl's restart confirmation) */
export function pythonStr(s: Scheduled): string {
  const f = fields(s)
  return `${f.date} ${f.time}${f.zone}`
}

/** The example patronictl shows in its prompt: now + 1 hour, `YYYY-MM-DDTHH:MM` local time. */
export function exampleTime(now: Date): string {
  const d = new Date(now.getTime() + 3_600_000)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** patronictl's action timestamp: local `%Y-%m-%d %H:%M:%S.%f` cut to 5 fractional digits. */
export function actionTimestamp(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds() * 100, 5)}`
}
