/** Reading loosely typed values the way Patroni does (YAML, JSON, environment variables). */

/** Patroni's parse_bool: on/true/yes/y/1 and off/false/no/n/0, any case; undefined for anything else. */
export function parseBool(text: string): boolean | undefined {
  const v = text.trim().toLowerCase()
  if (['1', 'on', 'true', 'yes', 'y'].includes(v)) return true
  if (['0', 'off', 'false', 'no', 'n'].includes(v)) return false
  return undefined
}

/** A setting that is on: `true`, a true number, or a string parse_bool reads as true. */
export function isOn(value: unknown): boolean {
  if (typeof value === 'string') return parseBool(value) === true
  return typeof value === 'boolean' || typeof value === 'number' ? Boolean(value) : false
}

/** A non-empty string (numbers too, as text: `port: 2379`), else undefined. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** A value as text for messages and cells: strings as they are, numbers and booleans printed, objects as JSON. */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return JSON.stringify(value)
}
