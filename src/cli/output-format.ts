import { atLeast, type Generation } from '../cluster/generation.js'
import { OUTPUT_FORMATS, type OutputFormat } from '../output/table.js'
import type { Face } from '../output/face.js'
import { ClickUsageError } from './click-usage.js'

const isFormat = (v: string): v is OutputFormat => (OUTPUT_FORMATS as readonly string[]).includes(v)

const refusal = (value: string, command: string | undefined) =>
  new ClickUsageError(
    `Invalid value for '--format' / '-f': '${value}' is not one of ${OUTPUT_FORMATS.map((f) => `'${f}'`).join(', ')}.`,
    command,
  )

/** -f/--format before anything is read: refused at once unless patronictl may yet accept it (see formatFor). */
export function checkFormatEarly(value: string, face: Face, command: string | undefined): void {
  if (!isFormat(value) && face === 'native') throw refusal(value, command)
}

/**
 * The output format for a cluster of this generation, or `none`: the patronictl of Patroni before 3.2.1 took any
 * text for -f and printed nothing for one it did not know; later ones (and ptctl) refuse it as click does.
 */
export function formatFor(
  value: string,
  o: { face: Face; generation: Generation; command: string | undefined },
): OutputFormat | 'none' {
  if (isFormat(value)) return value
  if (o.face === 'patronictl' && !atLeast(o.generation.version, [3, 2, 1])) return 'none'
  throw refusal(value, o.command)
}
