import { scalarText } from '../values.js'

/**
 * A PostgreSQL value as `query` prints it: `text` is what patronictl shows in tsv and pretty output (Python's str()
 * of what psycopg returns: `True`, `None`, `[1, 2]`, `{'a': 1}`, `+00:00` offsets) and `json` keeps the column's
 * type for JSON and YAML (numbers, booleans, null, arrays, objects; times as ISO 8601 text).
 */
export interface SqlValue {
  readonly text: string
  readonly json: unknown
}

/** PostgreSQL type OIDs whose text form is turned into something else. */
const OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  timestamp: 1114,
  timestamptz: 1184,
  timetz: 1266,
  numeric: 1700,
  jsonb: 3802,
} as const

const INTEGER_OIDS = new Set<number>([OID.int8, OID.int2, OID.int4, OID.oid])

/** Python's repr() of a str. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = ''
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '\\') out += '\\\\'
    else if (ch === quote) out += `\\${quote}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return `${quote}${out}${quote}`
}

/** Python's str() of a float: shortest round-trip digits, `1.0`, `1e+16`, `inf`, `nan`. */
export function pyFloatStr(n: number): string {
  if (Number.isNaN(n)) return 'nan'
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf'
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0'
  const [mantissa = '', expText = '0'] = n.toExponential().split('e')
  const exp = Number(expText)
  const negative = mantissa.startsWith('-')
  const digits = mantissa.replace('-', '').replace('.', '')
  let body: string
  if (exp >= -5 + 1 && exp < 16) {
    // positional notation, as Python's repr uses for exponents in [-4, 16)
    if (exp >= 0) {
      const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0')
      const frac = digits.slice(exp + 1)
      body = `${int}.${frac === '' ? '0' : frac}`
    } else {
      body = `0.${'0'.repeat(-exp - 1)}${digits}`
    }
  } else {
    const frac = digits.slice(1)
    body = `${digits[0] ?? ''}${frac === '' ? '' : `.${frac}`}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  return negative ? `-${body}` : body
}

/** Python's repr() of a value decoded from JSON (psycopg returns json columns as dicts and lists). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number')
    return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pyFloatStr(value)
  if (typeof value === 'string') return pyStrRepr(value)
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`
  const entries = Object.entries(value as Record<string, unknown>)
  return `{${entries.map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`).join(', ')}}`
}

/** `+00` → `+00:00`, `+05:30` kept: Python prints offsets as ±HH:MM. */
function pyOffset(text: string): string {
  return text.replace(/([+-]\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$/, (_m, h: string, m?: string, s?: string) =>
    s !== undefined ? `${h}:${m ?? '00'}:${s}` : `${h}:${m ?? '00'}`,
  )
}

function numberOrText(text: string): number | string {
  const n = Number(text)
  return Number.isFinite(n) && (Number.isSafeInteger(n) || !/^-?\d+$/.test(text)) ? n : text
}

/** A scalar column value in PostgreSQL's text form, typed by its OID. */
export function scalarValue(oid: number, text: string): SqlValue {
  if (oid === OID.bool) return { text: text === 't' ? 'True' : 'False', json: text === 't' }
  if (INTEGER_OIDS.has(oid)) return { text, json: numberOrText(text) }
  if (oid === OID.float4 || oid === OID.float8) {
    const n = Number(text.replace(/^-?Infinity$/, (m) => (m.startsWith('-') ? '-Infinity' : 'Infinity')))
    return { text: pyFloatStr(n), json: Number.isFinite(n) ? n : pyFloatStr(n) }
  }
  if (oid === OID.numeric) {
    const n = Number(text)
    return {
      text,
      json: Number.isFinite(n) && String(n) === text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') ? n : text,
    }
  }
  if (oid === OID.json || oid === OID.jsonb) {
    const parsed: unknown = JSON.parse(text)
    return { text: typeof parsed === 'string' ? parsed : pyRepr(parsed), json: parsed }
  }
  if (oid === OID.timestamptz || oid === OID.timetz) {
    const python = pyOffset(text)
    return { text: python, json: python.replace(' ', 'T') }
  }
  if (oid === OID.timestamp) return { text, json: text.replace(' ', 'T') }
  return { text, json: text }
}

/** An array column, already split into elements (null elements stay null), each typed by the element OID. */
export function arrayValue(elementOid: number, elements: unknown): SqlValue {
  const decode = (e: unknown): SqlValue =>
    Array.isArray(e)
      ? { text: `[${e.map((x) => decode(x).text).join(', ')}]`, json: e.map((x) => decode(x).json) }
      : e === null || e === undefined
        ? { text: 'None', json: null }
        : scalarValue(elementOid, scalarText(e))
  const root = decode(elements)
  // inside a list Python shows repr() of each element: strings quoted
  const reprText = (e: unknown): string =>
    Array.isArray(e)
      ? `[${e.map(reprText).join(', ')}]`
      : e === null || e === undefined
        ? 'None'
        : elementRepr(elementOid, scalarText(e))
  return { text: reprText(elements), json: root.json }
}

function elementRepr(oid: number, text: string): string {
  const v = scalarValue(oid, text)
  return typeof v.json === 'string' ? pyStrRepr(v.text) : v.text
}

export const NULL_VALUE: SqlValue = { text: 'None', json: null }

/** Element type of the array types psycopg turns into lists. */
export const ARRAY_ELEMENT_OID: Readonly<Record<number, number>> = {
  199: 114, // json[]
  1000: 16,
  1002: 18,
  1003: 19,
  1005: 21,
  1007: 23,
  1009: 25,
  1014: 1042,
  1015: 1043,
  1016: 20,
  1021: 700,
  1022: 701,
  1028: 26,
  1115: 1114,
  1182: 1082,
  1183: 1083,
  1185: 1184,
  1231: 1700,
  2951: 2950,
  3807: 3802,
}

/**
 * PostgreSQL's array literal (`{1,2}`, `{"a b",NULL,c}`, `{{1,2},{3,4}}`) as nested arrays of element texts,
 * NULL elements as null.
 */
export function parseArrayLiteral(text: string): unknown[] {
  let i = text.startsWith('[') ? text.indexOf('=') + 1 : 0 // skip explicit bounds: [1:2]={...}
  const parseList = (): unknown[] => {
    const out: unknown[] = []
    i++ // {
    if (text[i] === '}') {
      i++
      return out
    }
    for (;;) {
      if (text[i] === '{') out.push(parseList())
      else if (text[i] === '"') {
        let s = ''
        i++
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i++
          s += text[i] ?? ''
          i++
        }
        i++
        out.push(s)
      } else {
        let j = i
        while (j < text.length && text[j] !== ',' && text[j] !== '}') j++
        const raw = text.slice(i, j)
        out.push(raw === 'NULL' ? null : raw)
        i = j
      }
      if (text[i] === ',') {
        i++
        continue
      }
      i++ // }
      return out
    }
  }
  return text[i] === '{' ? parseList() : []
}

/** A column value in PostgreSQL's text form, null for SQL NULL. */
export function sqlValue(oid: number, text: string | null): SqlValue {
  if (text === null) return NULL_VALUE
  const element = ARRAY_ELEMENT_OID[oid]
  return element !== undefined ? arrayValue(element, parseArrayLiteral(text)) : scalarValue(oid, text)
}
