import { Parser, type Command, type Interfaces } from '@oclif/core'

import { UsageError } from '../errors.js'
import { ArgvError, normaliseArgv, spellingsOf } from './argv.js'

/** What a command class declares about its command line. */
export interface CommandLineShape {
  readonly flags?: Interfaces.FlagInput
  readonly baseFlags?: Interfaces.FlagInput
  readonly args?: Interfaces.ArgInput
  readonly strict?: boolean
}

/**
 * Parses a command's argv with click's rules (see argv.ts): any order of options and positionals, the last value of
 * a repeated option, multi-value options that never take a positional, and never an argument read from stdin.
 */
export async function parseCommandLine(command: CommandLineShape, argv: readonly string[], context?: Command) {
  const flags = { ...command.baseFlags, ...command.flags }
  let canonical: string[]
  try {
    canonical = normaliseArgv(argv, spellingsOf(flags))
  } catch (e) {
    if (e instanceof ArgvError) throw new UsageError(e.message)
    throw e
  }
  // oclif reads piped stdin into a missing argument: an argument comes from the command line only
  const args = Object.fromEntries(
    Object.entries(command.args ?? {}).map(([name, arg]) => [name, { ...arg, ignoreStdin: true }]),
  )
  return Parser.parse(canonical, {
    flags,
    args,
    strict: command.strict ?? true,
    ...(context !== undefined ? { context } : {}),
  })
}
