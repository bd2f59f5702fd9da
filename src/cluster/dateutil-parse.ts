/**
 * dateutil.parser.parse (2.8, default options) as patronictl uses it for --scheduled: the same tokens, the same
 * guesses and the same defaults, so a runbook's `--scheduled "$(date)"`, `"Jan 1 2030 10:00 UTC"`, `23:59` or
 * `20300101T1000` names the same instant as with patronictl. No npm date library shares dateutil's rules (unknown
 * zone abbreviations are ignored, missing fields come from today, `GMT+2` means UTC-2, two-digit years within 50
 * years of now), so its algorithm is followed here step by step; test/contract checks it against the real dateutil.
 */

/** What the text says; every field absent when the text does not say it. */
export interface DateutilFields {
  year?: number
  month?: number
  day?: number
  weekday?: number
  hour?: number
  minute?: number
  second?: number
  microsecond?: number
  tzname?: string
  /** seconds east of UTC */
  tzoffset?: number
  ampm?: number
}

class Unparsable extends Error {}

const fail = (why = 'unparsable'): never => {
  throw new Unparsable(why)
}

const JUMP = new Set([
  ' ',
  '.',
  ',',
  ';',
  '-',
  '/',
  "'",
  'at',
  'on',
  'and',
  'ad',
  'm',
  't',
  'of',
  'st',
  'nd',
  'rd',
  'th',
])
const WEEKDAYS = [
  ['mon', 'monday'],
  ['tue', 'tuesday'],
  ['wed', 'wednesday'],
  ['thu', 'thursday'],
  ['fri', 'friday'],
  ['sat', 'saturday'],
  ['sun', 'sunday'],
]
const MONTHS = [
  ['jan', 'january'],
  ['feb', 'february'],
  ['mar', 'march'],
  ['apr', 'april'],
  ['may'],
  ['jun', 'june'],
  ['jul', 'july'],
  ['aug', 'august'],
  ['sep', 'sept', 'september'],
  ['oct', 'october'],
  ['nov', 'november'],
  ['dec', 'december'],
]
const HMS = [
  ['h', 'hour', 'hours'],
  ['m', 'minute', 'minutes'],
  ['s', 'second', 'seconds'],
]
const AMPM = [
  ['am', 'a'],
  ['pm', 'p'],
]
export const UTC_ZONES = ['UTC', 'GMT', 'Z', 'z']

const indexIn = (table: readonly (readonly string[])[], name: string): number | undefined => {
  const lower = name.toLowerCase()
  const i = table.findIndex((names) => names.includes(lower))
  return i >= 0 ? i : undefined
}
const jump = (name: string) => JUMP.has(name.toLowerCase())
const weekdayOf = (name: string) => indexIn(WEEKDAYS, name)
const monthOf = (name: string) => {
  const i = indexIn(MONTHS, name)
  return i === undefined ? undefined : i + 1
}
const hmsOf = (name: string) => indexIn(HMS, name)
const ampmOf = (name: string) => indexIn(AMPM, name)
const isUtcZone = (name: string) => UTC_ZONES.some((z) => z.toLowerCase() === name.toLowerCase())

const isWord = (c: string) => /\p{L}/u.test(c)
const isNum = (c: string) => /\p{Nd}/u.test(c)
const isSpace = (c: string) => /\s/u.test(c)

type LexState = '' | 'a' | '0' | 'a.' | '0.'

/**
 * _timelex's state machine for a character after the first of a token: whether it belongs to the token, and the
 * state after it (letters `a`, digits `0`, and each with a dot seen).
 */
function lexStep(state: Exclude<LexState, ''>, c: string, token: string): LexState | undefined {
  switch (state) {
    case 'a':
      if (isWord(c)) return 'a'
      return c === '.' ? 'a.' : undefined
    case '0':
      if (isNum(c)) return '0'
      return c === '.' || (c === ',' && token.length >= 2) ? '0.' : undefined
    case 'a.':
      if (c === '.' || isWord(c)) return 'a.'
      return isNum(c) && token.endsWith('.') ? '0.' : undefined
    case '0.':
      if (c === '.' || isNum(c)) return '0.'
      return isWord(c) && token.endsWith('.') ? 'a.' : undefined
  }
}

/** The state a token starts in from its first character; spaces and other characters are tokens of one. */
const lexStart = (c: string): LexState => (isWord(c) ? 'a' : isNum(c) ? '0' : '')

/** dateutil's _timelex: runs of letters, runs of digits (with their decimal point), single other characters. */
export function timelex(text: string): string[] {
  const chars = [...text.replace(/\0/g, '')]
  const tokens: string[] = []
  let pos = 0
  while (pos < chars.length) {
    const first = chars[pos++] ?? ''
    let state = lexStart(first)
    let token = isSpace(first) ? ' ' : first
    let seenLetters = false
    while (state !== '' && pos < chars.length) {
      if (state === 'a' || state === 'a.') seenLetters = true
      const c = chars[pos] ?? ''
      const next = lexStep(state, c, token)
      if (next === undefined) break
      token += c
      state = next
      pos++
    }
    tokens.push(...splitDotted(token, state, seenLetters))
  }
  return tokens
}

/** `a.m.`, `1.2.3`, `10.`: split at dots and commas, as _timelex does; a decimal comma becomes a point. */
function splitDotted(token: string, state: LexState, seenLetters: boolean): string[] {
  const dotted = state === 'a.' || state === '0.'
  if (dotted && (seenLetters || token.split('.').length - 1 > 1 || token.endsWith('.') || token.endsWith(','))) {
    const [head = '', ...parts] = token.split(/([.,])/)
    const rest = parts.filter((part) => part !== '')
    return [state === '0.' && !head.includes('.') ? head.replace(/,/g, '.') : head, ...rest]
  }
  return [state === '0.' && !token.includes('.') ? token.replace(/,/g, '.') : token]
}

/** A decimal number token (`10`, `10.25`); `nan`/`inf` count as numbers for dateutil and then fail. */
function numericValue(token: string): number | undefined {
  if (/^(nan|[+-]?inf(inity)?)$/i.test(token)) return fail('not a finite number')
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(token) ? Number(token) : undefined
}

/** ⌊factor × the fractional part of a decimal token⌋, exactly (no binary rounding). */
function fractionTimes(token: string, factor: number): number {
  const frac = token.includes('.') ? (token.split('.')[1] ?? '') : ''
  if (frac === '' || /^0*$/.test(frac)) return 0
  return Number((BigInt(factor) * BigInt(frac)) / 10n ** BigInt(frac.length))
}
const hasFraction = (token: string) => fractionTimes(token, 1_000_000) > 0

const toInt = (text: string | undefined): number => {
  if (text === undefined || !/^\s*[+-]?\d+\s*$/.test(text)) return fail()
  return Number(text)
}

function parseMs(value: string): [number, number] {
  if (!value.includes('.')) return [toInt(value), 0]
  const [i = '', f = ''] = value.split('.')
  return [toInt(i), toInt(f.padEnd(6, '0').slice(0, 6))]
}

function minSec(token: string): [number, number | undefined] {
  const minute = Math.trunc(Number(token))
  return [minute, hasFraction(token) ? fractionTimes(token, 60) : undefined]
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** dateutil's _ymd: the date numbers in order, with what the text made certain about each. */
class Ymd {
  readonly values: number[] = []
  centurySpecified = false
  ystr?: number
  mstr?: number
  dstr?: number

  get length() {
    return this.values.length
  }

  couldBeDay(value: number): boolean {
    if (this.dstr !== undefined) return false
    if (this.mstr === undefined) return value >= 1 && value <= 31
    const month = this.values[this.mstr] ?? 0
    if (this.ystr === undefined) return value >= 1 && value <= daysInMonth(2000, month)
    return value >= 1 && value <= daysInMonth(this.values[this.ystr] ?? 2000, month)
  }

  append(val: string | number, label?: 'Y' | 'M' | 'D'): void {
    if (typeof val === 'string') {
      if (/^\d+$/.test(val) && val.length > 2) {
        this.centurySpecified = true
        label = 'Y'
      }
    } else if (val > 100) {
      this.centurySpecified = true
      label = 'Y'
    }
    this.values.push(typeof val === 'string' ? toInt(val) : Math.trunc(val))
    const index = this.values.length - 1
    if (label === 'M') {
      if (this.mstr !== undefined) fail('month is already set')
      this.mstr = index
    } else if (label === 'D') {
      if (this.dstr !== undefined) fail('day is already set')
      this.dstr = index
    } else if (label === 'Y') {
      if (this.ystr !== undefined) fail('year is already set')
      this.ystr = index
    }
  }

  resolve(): [number | undefined, number | undefined, number | undefined] {
    const v = this.values
    const strids: Partial<Record<'y' | 'm' | 'd', number>> = {}
    if (this.ystr !== undefined) strids.y = this.ystr
    if (this.mstr !== undefined) strids.m = this.mstr
    if (this.dstr !== undefined) strids.d = this.dstr
    const known = Object.keys(strids).length
    if ((v.length === known && known > 0) || (v.length === 3 && known === 2)) {
      if (v.length === 3 && known === 2) {
        const missing = [0, 1, 2].find((x) => !Object.values(strids).includes(x)) ?? 0
        const key = (['y', 'm', 'd'] as const).find((k) => strids[k] === undefined) ?? 'd'
        strids[key] = missing
      }
      const at = (k: 'y' | 'm' | 'd') => (strids[k] !== undefined ? v[strids[k]] : undefined)
      return [at('y'), at('m'), at('d')]
    }
    const [a = 0, b = 0, c = 0] = v
    const m = this.mstr
    if (v.length > 3) return fail('more than three YMD values')
    if (v.length === 1 || (m !== undefined && v.length === 2)) {
      const month = m !== undefined ? v[m] : undefined
      const other = m !== undefined ? (v[m - 1] ?? v[v.length - 1] ?? 0) : a
      if (v.length > 1 || m === undefined) return other > 31 ? [other, month, undefined] : [undefined, month, other]
      return [undefined, month, undefined]
    }
    if (v.length === 2) {
      if (a > 31) return [a, b, undefined]
      if (b > 31) return [b, a, undefined]
      return [undefined, a, b]
    }
    if (v.length === 3) {
      if (m === 0) return b > 31 ? [b, a, c] : [c, a, b]
      if (m === 1) return a > 31 ? [a, b, c] : [c, b, a]
      if (m === 2) return b > 31 ? [b, c, a] : [a, c, b]
      if (a > 31 || this.ystr === 0) return [a, b, c]
      if (a > 12) return [c, b, a]
      return [c, a, b]
    }
    return [undefined, undefined, undefined]
  }
}

function adjustAmpm(hour: number, ampm: number): number {
  if (hour < 12 && ampm === 1) return hour + 12
  if (hour === 12 && ampm === 0) return 0
  return hour
}

function couldBeTzname(res: DateutilFields, token: string): boolean {
  return (
    res.hour !== undefined &&
    res.tzname === undefined &&
    res.tzoffset === undefined &&
    [...token].length <= 5 &&
    (/^[A-Z]+$/.test(token) || UTC_ZONES.includes(token))
  )
}

function findHmsIndex(idx: number, tokens: readonly string[]): number | undefined {
  const n = tokens.length
  const t = (i: number) => tokens[i] ?? ''
  if (idx + 1 < n && hmsOf(t(idx + 1)) !== undefined) return idx + 1
  if (idx + 2 < n && t(idx + 1) === ' ' && hmsOf(t(idx + 2)) !== undefined) return idx + 2
  if (idx > 0 && hmsOf(t(idx - 1)) !== undefined) return idx - 1
  if (idx > 1 && idx === n - 1 && t(idx - 1) === ' ' && hmsOf(t(idx - 2)) !== undefined) return idx - 2
  return undefined
}

function assignHms(res: DateutilFields, token: string, hms: number): void {
  const value = Number(token)
  if (hms === 0) {
    res.hour = Math.trunc(value)
    if (hasFraction(token)) res.minute = fractionTimes(token, 60)
  } else if (hms === 1) {
    const [minute, second] = minSec(token)
    res.minute = minute
    if (second !== undefined) res.second = second
    else delete res.second
  } else {
    ;[res.second, res.microsecond] = parseMs(token)
  }
}

/** The token at `i`; past the end is a failure, as an IndexError is in dateutil. */
const tokenAt = (tokens: readonly string[], i: number): string =>
  i < tokens.length ? (tokens[i] ?? '') : fail('index out of range')

/** `10:30`, `10:30:15.5`: hour, minute (a fraction of one gives seconds), and maybe seconds; returns the last index. */
function colonTime(tokens: readonly string[], idx: number, res: DateutilFields): number {
  const t = (i: number) => tokenAt(tokens, i)
  res.hour = Math.trunc(Number(t(idx)))
  const minuteToken = t(idx + 2)
  if (numericValue(minuteToken) === undefined) fail()
  const [minute, second] = minSec(minuteToken)
  res.minute = minute
  if (second !== undefined) res.second = second
  else delete res.second
  if (idx + 4 < tokens.length && t(idx + 3) === ':') {
    ;[res.second, res.microsecond] = parseMs(t(idx + 4))
    return idx + 4
  }
  return idx + 2
}

/** `2030-01-02`, `1/Jan/30`, `01.02.2030`: up to three date parts with one separator; returns the last index. */
function separatedDate(tokens: readonly string[], idx: number, ymd: Ymd): number {
  const n = tokens.length
  const t = (i: number) => tokenAt(tokens, i)
  const sep = t(idx + 1)
  ymd.append(t(idx))
  if (!(idx + 2 < n && !jump(t(idx + 2)))) return idx + 1
  if (/^\d+$/.test(t(idx + 2))) ymd.append(t(idx + 2))
  else {
    const month = monthOf(t(idx + 2))
    if (month === undefined) fail()
    ymd.append(month ?? 0, 'M')
  }
  if (!(idx + 3 < n && t(idx + 3) === sep)) return idx + 2
  const month = monthOf(t(idx + 4))
  if (month !== undefined) ymd.append(month, 'M')
  else ymd.append(t(idx + 4))
  return idx + 4
}

/** A run of digits whose length says what it is (`1030`, `103015`, `20300101`, `203001021030`); true if it did. */
function digitRun(tokens: readonly string[], idx: number, ymd: Ymd, res: DateutilFields): boolean {
  const repr = tokens[idx] ?? ''
  const n = tokens.length
  const len = repr.length
  const next = idx + 1 < n ? (tokens[idx + 1] ?? '') : undefined
  if (
    ymd.length === 3 &&
    (len === 2 || len === 4) &&
    res.hour === undefined &&
    (next === undefined || (next !== ':' && hmsOf(next) === undefined))
  ) {
    res.hour = toInt(repr.slice(0, 2))
    if (len === 4) res.minute = toInt(repr.slice(2))
  } else if (len === 6 || (len > 6 && repr.indexOf('.') === 6)) {
    if (ymd.length === 0 && !repr.includes('.')) {
      ymd.append(repr.slice(0, 2))
      ymd.append(repr.slice(2, 4))
      ymd.append(repr.slice(4))
    } else {
      res.hour = toInt(repr.slice(0, 2))
      res.minute = toInt(repr.slice(2, 4))
      ;[res.second, res.microsecond] = parseMs(repr.slice(4))
    }
  } else if (len === 8 || len === 12 || len === 14) {
    ymd.append(repr.slice(0, 4), 'Y')
    ymd.append(repr.slice(4, 6))
    ymd.append(repr.slice(6, 8))
    if (len > 8) {
      res.hour = toInt(repr.slice(8, 10))
      res.minute = toInt(repr.slice(10, 12))
      if (len > 12) res.second = toInt(repr.slice(12))
    }
  } else {
    return false
  }
  return true
}

/** dateutil's _parse_numeric_token: what a number means from its length and neighbours; returns the next index. */
function numericToken(tokens: string[], idx: number, ymd: Ymd, res: DateutilFields): number {
  const repr = tokens[idx] ?? ''
  const value = Number(repr)
  const n = tokens.length
  const t = (i: number): string => tokenAt(tokens, i)
  const hmsIdx = findHmsIndex(idx, tokens)
  if (digitRun(tokens, idx, ymd, res)) return idx
  if (hmsIdx !== undefined) {
    // `10h`, `30m`, `h 10`: the unit after the number names it; a unit before it names the one before
    const hms = hmsIdx > idx ? (hmsOf(t(hmsIdx)) ?? 0) : (hmsOf(t(hmsIdx)) ?? 0) + 1
    assignHms(res, repr, hms)
    return hmsIdx > idx ? hmsIdx : idx
  }
  if (idx + 2 < n && t(idx + 1) === ':') return colonTime(tokens, idx, res)
  if (idx + 1 < n && ['-', '/', '.'].includes(t(idx + 1))) return separatedDate(tokens, idx, ymd)
  if (idx + 1 >= n || jump(t(idx + 1))) {
    if (idx + 2 < n && ampmOf(t(idx + 2)) !== undefined) {
      res.hour = adjustAmpm(Math.trunc(value), ampmOf(t(idx + 2)) ?? 0)
      return idx + 2
    }
    ymd.append(value)
    return idx + 1
  }
  if (ampmOf(t(idx + 1)) !== undefined && value >= 0 && value < 24) {
    res.hour = adjustAmpm(Math.trunc(value), ampmOf(t(idx + 1)) ?? 0)
    return idx + 1
  }
  if (ymd.couldBeDay(value)) {
    ymd.append(value)
    return idx
  }
  return fail()
}

function withoutOffset(res: DateutilFields): DateutilFields {
  const copy = { ...res }
  delete copy.tzoffset
  return copy
}

/** A month name, maybe followed by `-DD[-YY]`, `/DD[/YY]` or ` of YYYY`; returns the last index used. */
function monthName(tokens: readonly string[], i: number, ymd: Ymd, currentYear: number): number {
  const n = tokens.length
  const t = (k: number) => tokenAt(tokens, k)
  ymd.append(monthOf(t(i)) ?? 0, 'M')
  if (i + 1 >= n) return i
  if (t(i + 1) === '-' || t(i + 1) === '/') {
    const sep = t(i + 1)
    ymd.append(t(i + 2))
    if (i + 3 < n && t(i + 3) === sep) {
      ymd.append(t(i + 4))
      return i + 4
    }
    return i + 2
  }
  if (i + 4 < n && t(i + 1) === ' ' && t(i + 3) === ' ' && t(i + 2).toLowerCase() === 'of') {
    if (/^\d+$/.test(t(i + 4))) ymd.append(String(convertYear(toInt(t(i + 4)), false, currentYear)), 'Y')
    return i + 4
  }
  return i
}

/** `10 pm`: the hour read so far, on a 12-hour clock. */
function ampmFlag(res: DateutilFields, token: string): void {
  if (res.hour === undefined) fail('no hour specified with AM or PM flag')
  if ((res.hour ?? 0) < 0 || (res.hour ?? 0) > 12) fail('invalid hour specified for 12-hour clock')
  res.hour = adjustAmpm(res.hour ?? 0, ampmOf(token) ?? 0)
  res.ampm = ampmOf(token) ?? 0
}

/** A zone name after the time (`CET`, `UTC`); `GMT+3` is POSIX style, three hours west: the sign is flipped. */
function zoneName(res: DateutilFields, tokens: string[], i: number): void {
  const token = tokenAt(tokens, i)
  res.tzname = token
  // only offsets declared for a name count; dateutil declares none, so UTC itself is settled in validate()
  delete res.tzoffset
  if (i + 1 < tokens.length && (tokens[i + 1] === '+' || tokens[i + 1] === '-')) {
    tokens[i + 1] = tokens[i + 1] === '+' ? '-' : '+'
    if (isUtcZone(token)) delete res.tzname
  }
}

/** `+0200`, `+02:00`, `-05`, maybe followed by ` (CET)`; returns the last index used. */
function zoneOffset(res: DateutilFields, tokens: readonly string[], i: number): number {
  const n = tokens.length
  const t = (k: number) => tokenAt(tokens, k)
  const sign = t(i) === '+' ? 1 : -1
  const next = t(i + 1)
  let hours: number
  let minutes: number
  if (next.length === 4) {
    hours = toInt(next.slice(0, 2))
    minutes = toInt(next.slice(2))
  } else if (i + 2 < n && t(i + 2) === ':') {
    hours = toInt(next)
    minutes = toInt(t(i + 3))
    i += 2
  } else if (next.length <= 2) {
    hours = toInt(next.slice(0, 2))
    minutes = 0
  } else {
    return fail()
  }
  res.tzoffset = sign * (hours * 3600 + minutes * 60)
  const named =
    i + 5 < n &&
    jump(t(i + 2)) &&
    t(i + 3) === '(' &&
    t(i + 5) === ')' &&
    [...t(i + 4)].length >= 3 &&
    couldBeTzname(withoutOffset(res), t(i + 4))
  if (named) res.tzname = t(i + 4)
  return named ? i + 5 : i + 1
}

/** The date numbers resolved, and dateutil's validate(): a zero offset without a name, or Z, is UTC. */
function finish(res: DateutilFields, ymd: Ymd, currentYear: number): DateutilFields {
  const [year, month, day] = ymd.resolve()
  if (year !== undefined) res.year = convertYear(year, ymd.centurySpecified, currentYear)
  if (month !== undefined) res.month = month
  if (day !== undefined) res.day = day
  if ((res.tzoffset === 0 && res.tzname === undefined) || res.tzname === 'Z' || res.tzname === 'z') {
    res.tzname = 'UTC'
    res.tzoffset = 0
  } else if (res.tzoffset !== 0 && res.tzname !== undefined && isUtcZone(res.tzname)) {
    res.tzoffset = 0
  }
  return res
}

/** dateutil's _parse (fuzzy off, dayfirst and yearfirst off); throws Unparsable. */
function parseFields(text: string, currentYear: number): DateutilFields {
  const tokens = timelex(text)
  const res: DateutilFields = {}
  const ymd = new Ymd()
  for (let i = 0; i < tokens.length; i++) {
    const token = tokenAt(tokens, i)
    if (numericValue(token) !== undefined) i = numericToken(tokens, i, ymd, res)
    else if (weekdayOf(token) !== undefined) res.weekday = weekdayOf(token) ?? 0
    else if (monthOf(token) !== undefined) i = monthName(tokens, i, ymd, currentYear)
    else if (ampmOf(token) !== undefined) ampmFlag(res, token)
    else if (couldBeTzname(res, token)) zoneName(res, tokens, i)
    else if (res.hour !== undefined && (token === '+' || token === '-')) i = zoneOffset(res, tokens, i)
    else if (!jump(token)) fail()
  }
  return finish(res, ymd, currentYear)
}

/** Two-digit years fall within 50 years of the current one. */
function convertYear(year: number, centurySpecified: boolean, currentYear: number): number {
  if (year < 0) return fail()
  if (year < 100 && !centurySpecified) {
    year += Math.floor(currentYear / 100) * 100
    if (year >= currentYear + 50) year -= 100
    else if (year < currentYear - 50) year += 100
  }
  return year
}

/** The wall-clock fields of the result, filled from `today` as dateutil fills them from its default. */
export interface WallTime {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly microsecond: number
}

export interface DateutilResult {
  readonly wall: WallTime
  /** the zone the text named, if any */
  readonly tzname?: string
  /** seconds east of UTC, when the text gave an offset (or a UTC name) */
  readonly tzoffset?: number
}

/**
 * Parses like dateutil.parser.parse(text); `today` is the local date (its time is ignored, as dateutil's default is
 * today at midnight). Returns undefined where dateutil raises.
 */
export function dateutilParse(
  text: string,
  today: { year: number; month: number; day: number },
): DateutilResult | undefined {
  let res: DateutilFields
  try {
    res = parseFields(text, today.year)
  } catch (e) {
    if (e instanceof Unparsable) return undefined
    throw e
  }
  const said = [
    'year',
    'month',
    'day',
    'weekday',
    'hour',
    'minute',
    'second',
    'microsecond',
    'tzname',
    'tzoffset',
    'ampm',
  ]
  if (!said.some((k) => res[k as keyof DateutilFields] !== undefined)) return undefined

  // _build_naive: missing fields from today at midnight, the day clamped to the month when the text named none
  const year = res.year ?? today.year
  const month = res.month ?? today.month
  let day = res.day ?? today.day
  if (res.day === undefined && day > daysInMonth(year, month)) day = daysInMonth(year, month)
  const hour = res.hour ?? 0
  const minute = res.minute ?? 0
  const second = res.second ?? 0
  const microsecond = res.microsecond ?? 0
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59 || microsecond > 999_999) return undefined
  let wall: WallTime = { year, month, day, hour, minute, second, microsecond }
  if (res.weekday !== undefined && res.day === undefined) {
    // relativedelta(weekday=...): the next such weekday, today included (Monday = 0)
    const date = new Date(Date.UTC(year, month - 1, day))
    const current = (date.getUTCDay() + 6) % 7
    const ahead = (res.weekday - current + 7) % 7
    const next = new Date(date.getTime() + ahead * 86_400_000)
    wall = { ...wall, year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }
  }
  return {
    wall,
    ...(res.tzname !== undefined ? { tzname: res.tzname } : {}),
    ...(res.tzoffset !== undefined ? { tzoffset: res.tzoffset } : {}),
  }
}
