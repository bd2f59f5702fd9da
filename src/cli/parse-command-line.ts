import { Parser, type Command, type Interfaces } from '@oclif/core'

import { ArgvError, canonicalArgv, readArgv, spellingsOf, type Occurrence, type ReadArgv } from './argv.js'
import { ClickUsageError, metavar } from './click-usage.js'
import { closeMatches } from './close-matches.js'

/** What a command class declares about its command line. */
export interface CommandLineShape {
  readonly flags?: Interfaces.FlagInput
  readonly baseFlags?: Interfaces.FlagInput
  readonly args?: Interfaces.ArgInput
  readonly strict?: boolean
}

interface FlagShape {
  readonly char?: string
  readonly options?: readonly string[]
  readonly parse?: unknown
}

/** `'--role' / '-r'`: how click names an option in its messages. */
function optionNames(name: string, flag: FlagShape): string {
  return [`'--${name}'`, ...(flag.char !== undefined ? [`'-${flag.char}'`] : [])].join(' / ')
}

/**
 * A value click would refuse: not one of a choice's values, or not a number. `--format` is left to the command: the
 * patronictl of a Patroni 3.0 cluster accepts any format (and prints nothing for one it does not know).
 */
function badValue(o: Occurrence, flag: FlagShape): string | undefined {
  const value = o.value
  if (value === undefined) return undefined
  const names = optionNames(o.flag.name, flag)
  if (flag.options !== undefined && o.flag.name !== 'format' && !flag.options.includes(value))
    return `Invalid value for ${names}: '${value}' is not one of ${flag.options.map((v) => `'${v}'`).join(', ')}.`
  if (typeof flag.parse === 'function' && String(flag.parse).includes('integer') && !/^-?\d+$/.test(value.trim()))
    return `Invalid value for ${names}: '${value}' is not a valid integer.`
  return undefined
}

/** click's refusals of a command line read: options it does not have, bad values, missing or extra arguments. */
function clickRefusal(
  command: CommandLineShape,
  read: ReadArgv,
  flags: Readonly<Record<string, FlagShape>>,
): string | undefined {
  const [unknown] = read.unknown
  if (unknown !== undefined) {
    const name = unknown.split('=')[0] ?? unknown
    const longs = Object.keys(command.flags ?? {}).map((n) => `--${n}`)
    const matches = name.startsWith('--') ? closeMatches(name, [...longs, '--help']).sort() : []
    const suggestion =
      matches.length === 1
        ? ` Did you mean ${matches[0]}?`
        : matches.length > 1
          ? ` (Possible options: ${matches.join(', ')})`
          : ''
    return `No such option: ${name}${suggestion}`
  }
  for (const o of read.options) {
    const bad = badValue(o, flags[o.flag.name] ?? {})
    if (bad !== undefined) return bad
  }
  const args = Object.entries(command.args ?? {})
  const required = args.filter(([, a]) => a.required === true)
  const missing = required[read.positionals.length]
  if (missing !== undefined) return `Missing argument '${metavar(missing[0])}'.`
  if ((command.strict ?? true) && read.positionals.length > args.length) {
    const extra = read.positionals.slice(args.length)
    return `Got unexpected extra argument${extra.length === 1 ? '' : 's'} (${extra.join(' ')})`
  }
  return undefined
}

/**
 * Parses a command's argv with click's rules (see argv.ts): any order of options and positionals, the last value of
 * a repeated option, multi-value options that never take a positional, and never an argument read from stdin.
 * What click refuses is refused here with click's words (ClickUsageError), before oclif sees it.
 */
export async function parseCommandLine(command: CommandLineShape, argv: readonly string[], context?: Command) {
  const flags = { ...command.baseFlags, ...command.flags }
  const id = context?.id
  let read: ReadArgv
  try {
    read = readArgv(argv, spellingsOf(flags))
  } catch (e) {
    if (e instanceof ArgvError) throw new ClickUsageError(e.message, id, false)
    throw e
  }
  const refusal = clickRefusal(command, read, flags)
  if (refusal !== undefined) throw new ClickUsageError(refusal, id)
  // oclif reads piped stdin into a missing argument: an argument comes from the command line only
  const args = Object.fromEntries(
    Object.entries(command.args ?? {}).map(([name, arg]) => [name, { ...arg, ignoreStdin: true }]),
  )
  return Parser.parse(canonicalArgv(read), {
    flags,
    args,
    strict: command.strict ?? true,
    ...(context !== undefined ? { context } : {}),
  })
}
