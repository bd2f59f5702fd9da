/** Scheduled times as patronictl takes them (dateutil's parser; naive = local time) and prints them. */
import { dateutilParse, type WallTime } from './dateutil-parse.js'

export interface Scheduled {
  readonly at: Date
  /** UTC offset in minutes the user meant (local when the text had none) */
  readonly offsetMinutes: number
  /** microseconds within the second, as given (Date keeps milliseconds only) */
  readonly microsecond?: number
  /** a zone abbreviation dateutil does not know and patronictl ignores; the time was taken as local time */
  readonly ignoredZone?: string
}

/** What "local time" means for a naive timestamp: now, and the local zone's abbreviations (Python's time.tzname). */
export interface LocalTime {
  readonly now: Date
  readonly zoneNames: readonly string[]
}

/** A wall-clock time in the process's local zone, as a Date (years below 100 kept as written). */
function localDate(w: WallTime): Date {
  const d = new Date(2000, 0, 1, w.hour, w.minute, w.second, Math.floor(w.microsecond / 1000))
  d.setFullYear(w.year, w.month - 1, w.day)
  d.setHours(w.hour, w.minute, w.second, Math.floor(w.microsecond / 1000))
  return d
}

/**
 * Parses a scheduled time exactly as patronictl does: dateutil.parser.parse, then local time when no zone was
 * understood. Undefined when dateutil would raise (patronictl's "Unable to parse scheduled timestamp").
 */
export function parseScheduled(text: string, local: LocalTime): Scheduled | undefined {
  const now = local.now
  const parsed = dateutilParse(text, { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() })
  if (!parsed) return undefined
  const w = parsed.wall
  const microsecond = w.microsecond > 0 ? { microsecond: w.microsecond } : {}
  const inLocalZone = parsed.tzname !== undefined && local.zoneNames.includes(parsed.tzname)
  if (!inLocalZone && parsed.tzoffset !== undefined) {
    const utc = Date.UTC(2000, 0, 1, w.hour, w.minute, w.second, Math.floor(w.microsecond / 1000))
    const at = new Date(utc)
    at.setUTCFullYear(w.year, w.month - 1, w.day)
    const offsetMinutes = Math.trunc(parsed.tzoffset / 60)
    return { at: new Date(at.getTime() - parsed.tzoffset * 1000), offsetMinutes, ...microsecond }
  }
  const at = localDate(w)
  const ignored = parsed.tzname !== undefined && !inLocalZone ? { ignoredZone: parsed.tzname } : {}
  return { at, offsetMinutes: -at.getTimezoneOffset(), ...microsecond, ...ignored }
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0')

function fields(s: Scheduled): { date: string; time: string; zone: string } {
  const shifted = new Date(s.at.getTime() + s.offsetMinutes * 60_000)
  const date = `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`
  let time = `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}`
  const micro = s.microsecond ?? shifted.getUTCMilliseconds() * 1000
  if (micro > 0) time += `.${pad(micro, 6)}`
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

/** `YYYY-MM-DD HH:MM:SS` in local time, as patronictl's -t prints it. */
export function localTimestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/** Local time to the millisecond, for event lines: `2026-11-28 08:30:50.453`. */
export function localTimestampMs(d: Date): string {
  return `${localTimestamp(d)}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** ISO 8601 local time to the millisecond with its offset, for JSON: `2026-11-28T09:30:50.453+01:00`. */
export function isoLocalMs(d: Date): string {
  const offset = -d.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  const p = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0')
  return `${localTimestampMs(d).replace(' ', 'T')}${sign}${p(offset / 60)}:${p(offset % 60)}`
}

/** A line of Python's logging as patronictl configures it: `2026-11-28 08:30:50,453 - WARNING - message`. */
export function pythonLogLine(level: 'WARNING' | 'ERROR' | 'INFO', message: string, d: Date): string {
  return `${localTimestamp(d)},${String(d.getMilliseconds()).padStart(3, '0')} - ${level} - ${message}`
}
