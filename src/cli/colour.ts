import type { ChalkInstance } from 'chalk'

/**
 * Chalk for one stream, or undefined when colour is off: not a terminal, NO_COLOR set, or TERM=dumb.
 * Loaded only when there is colour to show.
 */
export async function colourFor(stream: NodeJS.WriteStream): Promise<ChalkInstance | undefined> {
  if (stream.isTTY !== true || process.env['NO_COLOR'] !== undefined || process.env['TERM'] === 'dumb') return undefined
  const { Chalk } = await import('chalk')
  return new Chalk({ level: 1 })
}
