import { MAX_TIMEOUT_SECONDS } from '../config/types.js'
import { UsageError } from '../errors.js'

/** A flag's positive number of seconds (`2`, `0.5`), at most a day; `fallback` when the flag was not given. */
export function secondsFlag(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`Invalid value for ${flag}: ${text}`)
  if (n > MAX_TIMEOUT_SECONDS)
    throw new UsageError(`Invalid value for ${flag}: ${text} (at most ${MAX_TIMEOUT_SECONDS} seconds)`)
  return n
}

/** `--wait-timeout` in milliseconds. */
export function parseWaitTimeout(text: string | undefined, fallbackSeconds: number): number {
  return secondsFlag(text, fallbackSeconds, '--wait-timeout') * 1000
}
