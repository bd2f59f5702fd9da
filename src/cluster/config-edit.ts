import { isPlainObject, patchConfig, type PlainObject } from '../patch-config.js'
import { UsageError } from '../errors.js'
import { parsePyYaml } from '../pyyaml.js'
import { scalarText } from '../values.js'

/** Splits `a.b.c=VALUE`; VALUE is YAML (`null` removes). patronictl's message for anything else. */
export function parseSetting(pair: string): { path: string[]; value: unknown } {
  const eq = pair.indexOf('=')
  if (eq <= 0) throw new UsageError(`Invalid parameter setting ${pair}`)
  const key = pair.slice(0, eq).trim()
  const text = pair.slice(eq + 1)
  if (key === '' || key.split('.').some((p) => p === '')) throw new UsageError(`Invalid parameter setting ${pair}`)
  let value: unknown
  try {
    value = text.trim() === '' ? null : parsePyYaml(text)
  } catch {
    throw new UsageError(`Invalid parameter setting ${pair}: the value is not valid YAML`)
  }
  const parts = key.split('.')
  // PostgreSQL parameter names keep their dots (pg_stat_statements.max)
  const path =
    parts[0] === 'postgresql' && parts[1] === 'parameters' && parts.length > 3
      ? ['postgresql', 'parameters', parts.slice(2).join('.')]
      : parts
  return { path, value }
}

/** Sets (or with null removes, pruning emptied parents) one dotted path; returns a new object. */
export function applySetting(config: PlainObject, path: readonly string[], value: unknown): PlainObject {
  const [head, ...rest] = path
  if (head === undefined) return config
  if (rest.length === 0) {
    const copy = { ...config }
    if (value === null) delete copy[head]
    else copy[head] = value
    return copy
  }
  const child = isPlainObject(config[head]) ? config[head] : {}
  const updated = applySetting(child, rest, value)
  const copy = { ...config }
  if (Object.keys(updated).length === 0 && value === null) delete copy[head]
  else copy[head] = updated
  return copy
}

/** patronictl's order: --replace (start from the file), --apply (merge, null deletes), then -s and -p pairs. */
export function editConfig(
  current: PlainObject,
  edits: { replace?: PlainObject; apply?: PlainObject; set: readonly string[]; pg: readonly string[] },
): PlainObject {
  let config = edits.replace ?? current
  if (edits.apply) config = patchConfig(config, edits.apply)
  for (const pair of edits.set) {
    const { path, value } = parseSetting(pair)
    config = applySetting(config, path, value)
  }
  for (const pair of edits.pg) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new UsageError(`Invalid parameter setting ${pair}`)
    const { value } = parseSetting(`x=${pair.slice(eq + 1)}`)
    config = applySetting(config, ['postgresql', 'parameters', pair.slice(0, eq).trim()], value)
  }
  return config
}

const WHOLE_NUMBERS = [
  'ttl',
  'loop_wait',
  'retry_timeout',
  'maximum_lag_on_failover',
  'primary_start_timeout',
  'primary_stop_timeout',
  'master_start_timeout',
  'max_timelines_history',
]

/** What is wrong with a configuration: what Patroni cannot use at all, and what it tolerates (and adjusts itself). */
export interface ConfigProblems {
  /** values Patroni cannot use (a number that is not one, a section that is not a mapping): refused */
  readonly errors: readonly string[]
  /** rules Patroni bends on its own (loop_wait + 2 × retry_timeout ≤ ttl: it shortens the timings): a warning */
  readonly warnings: readonly string[]
}

/**
 * The checks patronictl never makes (patroni#1471, #3311): whole numbers where Patroni needs them, mappings where it
 * needs them (errors), and Patroni's own timing rule, which it enforces itself by adjusting (a warning).
 */
export function configProblems(config: PlainObject): ConfigProblems {
  const problems: string[] = []
  const warnings: string[] = []
  const num = (k: string): number | undefined => {
    const v = config[k]
    if (v === undefined || v === null) return undefined
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN
    if (!Number.isInteger(n) || n < 0)
      problems.push(
        `${k} must be a whole number of ${k === 'maximum_lag_on_failover' ? 'bytes' : 'seconds'}, not ${JSON.stringify(v)}`,
      )
    return Number.isInteger(n) ? n : undefined
  }
  const values = Object.fromEntries(WHOLE_NUMBERS.map((k) => [k, num(k)]))
  const { ttl, loop_wait: loopWait, retry_timeout: retry } = values
  // Patroni raises these to its minimums, then shortens loop_wait and retry_timeout to fit ttl
  for (const [key, value, min] of [
    ['ttl', ttl, 20],
    ['loop_wait', loopWait, 1],
    ['retry_timeout', retry, 3],
  ] as const) {
    if (value !== undefined && value < min) warnings.push(`${key} ${value} is below ${min}: Patroni will use ${min}`)
  }
  if (ttl !== undefined && loopWait !== undefined && retry !== undefined && loopWait + 2 * retry > ttl) {
    warnings.push(
      `loop_wait + 2 * retry_timeout (${loopWait + 2 * retry}) exceeds ttl (${ttl}): Patroni will shorten loop_wait and retry_timeout to fit`,
    )
  }
  const pg = config['postgresql']
  if (pg !== undefined && !isPlainObject(pg)) problems.push('postgresql must be a mapping')
  const params = isPlainObject(pg) ? pg['parameters'] : undefined
  if (params !== undefined && params !== null && !isPlainObject(params))
    problems.push('postgresql.parameters must be a mapping')
  if (isPlainObject(params)) {
    for (const k of [
      'max_connections',
      'max_wal_senders',
      'max_replication_slots',
      'max_worker_processes',
      'max_prepared_transactions',
      'max_locks_per_transaction',
    ]) {
      const v = params[k]
      if (
        v !== undefined &&
        v !== null &&
        !(typeof v === 'number' ? Number.isInteger(v) : /^\d+$/.test(scalarText(v).trim()))
      ) {
        problems.push(`postgresql.parameters.${k} must be a whole number, not ${JSON.stringify(v)}`)
      }
    }
  }
  return { errors: problems, warnings }
}
