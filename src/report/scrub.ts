import { redactSecrets } from '../redact.js'

/** Field names whose values are secrets wherever they appear (config, DCS keys, agent answers). */
const SECRET_FIELD = /(pass(word|wd)?|secret|token|credential|private|auth(entication|orization)?$|^key(file)?_?pass)/i

/** A conninfo's `password=...` (quoted or not, as in primary_conninfo or a DSN; double quotes as other tools write it). */
const CONNINFO_PASSWORD = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s'"]+)/gi

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name)
}

/** Every secret-named field's string value found in `value` (to be removed wherever else it appears). */
export function secretValues(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) secretValues(v, found)
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (isSecretField(k) && (typeof v === 'string' || typeof v === 'number') && String(v) !== '')
        found.push(String(v))
      else secretValues(v, found)
    }
  return found
}

/** Text with every known secret, URL credentials and conninfo passwords replaced by `***`. */
export function scrubText(text: string, secrets: readonly string[]): string {
  return redactSecrets(text, secrets).replace(CONNINFO_PASSWORD, (_m, before: string) => `${before}***`)
}

/** A JSON value with secret-named fields replaced by `***` (objects under such a field too) and every string scrubbed. */
export function scrubJson(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubText(value, secrets)
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, secrets))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        isSecretField(k) && v !== null && v !== '' ? '***' : scrubJson(v, secrets),
      ]),
    )
  return value
}
