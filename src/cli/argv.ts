/**
 * The command line as click (patronictl's parser) reads it, turned into one canonical form that oclif parses the
 * same way whatever order the user wrote: every option as `--name=value` (a repeated single-value option keeps its
 * last value, as click does), then `--`, then the positionals. A positional can therefore never be taken for a
 * multi-value option's next value, and options may come before, between or after the positionals.
 */

/** How an option is spelt on the command line and whether it takes a value. */
export interface FlagSpelling {
  readonly name: string
  /** `-x` forms */
  readonly chars: readonly string[]
  /** `--name` forms: the name and its aliases */
  readonly longs: readonly string[]
  readonly takesValue: boolean
  readonly multiple: boolean
  /** `--no-name` turns a boolean off */
  readonly allowNo: boolean
  /**
   * An empty value (`--candidate=`, `--scheduled ""`, as scripts write an unset variable) means the option was not
   * given, as patronictl reads it (`if not candidate`). Not so for a choice or a number (an invalid value, as click
   * says), nor for the options whose empty value patronictl uses as given (EMPTY_IS_A_VALUE).
   */
  readonly emptyIsUnset: boolean
}

/** What oclif's flag definitions say about spelling (the fields this module reads). */
export interface OclifFlagShape {
  readonly type: 'boolean' | 'option'
  readonly char?: string
  readonly charAliases?: readonly string[]
  readonly aliases?: readonly string[]
  readonly multiple?: boolean
  readonly allowNo?: boolean
  /** a choice: one of these */
  readonly options?: readonly string[]
  /** oclif's value parser (an integer flag's refuses what is not a number) */
  readonly parse?: unknown
}

/**
 * Options whose empty value patronictl takes as given: a member named '' (no such member), an SQL text or file, a
 * delimiter, the pairs of -s/-p, the files of --apply/--replace, a config path; and ptctl's own paths.
 */
const EMPTY_IS_A_VALUE = new Set([
  'member',
  'command',
  'file',
  'delimiter',
  'set',
  'pg',
  'apply',
  'replace',
  'config-file',
  'dir',
])

/** oclif's integer flags parse with a check of their own: an empty value is an invalid number, not no value. */
const isIntegerFlag = (f: OclifFlagShape) => typeof f.parse === 'function' && String(f.parse).includes('integer')

export function spellingsOf(flags: Readonly<Record<string, OclifFlagShape>>): FlagSpelling[] {
  return Object.entries(flags).map(([name, f]) => ({
    name,
    chars: [...(f.char !== undefined ? [f.char] : []), ...(f.charAliases ?? [])],
    longs: [name, ...(f.aliases ?? [])],
    takesValue: f.type === 'option',
    multiple: f.multiple === true,
    allowNo: f.allowNo === true,
    emptyIsUnset: f.type === 'option' && f.options === undefined && !isIntegerFlag(f) && !EMPTY_IS_A_VALUE.has(name),
  }))
}

/** A command-line mistake click would refuse before running anything. */
export class ArgvError extends Error {}

export interface Occurrence {
  readonly flag: FlagSpelling
  /** the value of an option; for a boolean, whether it was `--no-…` */
  readonly value: string | undefined
  readonly negated: boolean
}

export interface ReadArgv {
  readonly options: Occurrence[]
  /** tokens that look like options but name none of the command's (oclif reports them) */
  readonly unknown: string[]
  readonly positionals: string[]
  /** with `stopAtPositional`: the first positional and everything after it, untouched */
  readonly rest: string[]
}

function findLong(specs: readonly FlagSpelling[], name: string): { flag: FlagSpelling; negated: boolean } | undefined {
  // a command's own option shadows a global option's alias of the same spelling (sandbox up --dcs vs --dcs-url)
  const direct = specs.find((s) => s.name === name) ?? specs.find((s) => s.longs.includes(name))
  if (direct) return { flag: direct, negated: false }
  if (name.startsWith('no-')) {
    const positive = specs.find((s) => s.allowNo && s.longs.includes(name.slice(3)))
    if (positive) return { flag: positive, negated: true }
  }
  return undefined
}

/** The next token of the command line, as an option's value (whatever it looks like). */
type NextValue = (spelt: string) => string

/** `--name`, `--name=value`, `--name value`, `--no-name`: its occurrence, or undefined for an option not known. */
function readLong(token: string, specs: readonly FlagSpelling[], next: NextValue): Occurrence | undefined {
  const eq = token.indexOf('=')
  const name = token.slice(2, eq >= 0 ? eq : undefined)
  const found = findLong(specs, name)
  if (!found) return undefined
  const spelt = `--${name}`
  if (found.flag.takesValue && !found.negated)
    return { flag: found.flag, value: eq >= 0 ? token.slice(eq + 1) : next(spelt), negated: false }
  if (eq >= 0) throw new ArgvError(`Option '${spelt}' does not take a value.`)
  return { flag: found.flag, value: undefined, negated: found.negated }
}

/** `-x`, `-xvalue`, `-x value`, bundled booleans `-ke`: the occurrences, or undefined if a letter is not known. */
function readShort(token: string, specs: readonly FlagSpelling[], next: NextValue): Occurrence[] | undefined {
  const bundle: Occurrence[] = []
  for (let k = 1; k < token.length; k++) {
    const char = token[k] ?? ''
    const flag = specs.find((s) => s.chars.includes(char))
    if (!flag) return undefined
    if (flag.takesValue) {
      const attached = token.slice(k + 1)
      bundle.push({ flag, value: attached !== '' ? attached : next(`-${char}`), negated: false })
      return bundle
    }
    bundle.push({ flag, value: undefined, negated: false })
  }
  return bundle
}

/**
 * Reads tokens with click's rules: `--name value`, `--name=value`, `-x value`, `-xvalue`, bundled booleans `-ke`,
 * `--` ends the options, a lone `-` is a positional. An option's value is the next token whatever it looks like.
 */
export function readArgv(argv: readonly string[], specs: readonly FlagSpelling[], stopAtPositional = false): ReadArgv {
  const options: Occurrence[] = []
  const unknown: string[] = []
  const positionals: string[] = []
  let i = 0
  const next: NextValue = (spelt) => {
    if (i >= argv.length) throw new ArgvError(`Option '${spelt}' requires an argument.`)
    return argv[i++] ?? ''
  }
  while (i < argv.length) {
    const token = argv[i++] ?? ''
    if (token === '--') {
      if (stopAtPositional) return { options, unknown, positionals, rest: argv.slice(i - 1) }
      positionals.push(...argv.slice(i))
      break
    }
    const isLong = token.startsWith('--') && token.length > 2
    const isShort = !isLong && token.startsWith('-') && token.length > 1 && !token.startsWith('--')
    if (isLong || isShort) {
      const read = isLong ? readLong(token, specs, next) : readShort(token, specs, next)
      if (read === undefined) unknown.push(token)
      else options.push(...(Array.isArray(read) ? read : [read]))
      continue
    }
    if (stopAtPositional) return { options, unknown, positionals, rest: argv.slice(i - 1) }
    positionals.push(token)
  }
  return { options, unknown, positionals, rest: [] }
}

/**
 * Canonical tokens for the options read: multi-value options in order, any other option once with its last value;
 * an option whose last value is empty where that means not given is left out.
 */
function canonicalOptions(options: readonly Occurrence[]): string[] {
  const lastIndex = new Map<string, number>()
  options.forEach((o, index) => lastIndex.set(o.flag.name, index))
  const out: string[] = []
  options.forEach((o, index) => {
    if (!o.flag.multiple && lastIndex.get(o.flag.name) !== index) return
    if (o.flag.emptyIsUnset && o.value === '') return
    if (o.flag.takesValue) out.push(`--${o.flag.name}=${o.value ?? ''}`)
    else out.push(o.negated ? `--no-${o.flag.name}` : `--${o.flag.name}`)
  })
  return out
}

/** The canonical command line for oclif: options, unknown option-like tokens (oclif names them), `--`, positionals. */
export function normaliseArgv(argv: readonly string[], specs: readonly FlagSpelling[]): string[] {
  return canonicalArgv(readArgv(argv, specs))
}

/** The canonical command line of what was read (see normaliseArgv). */
export function canonicalArgv(read: ReadArgv): string[] {
  return [...canonicalOptions(read.options), ...read.unknown, '--', ...read.positionals]
}

/** patronictl's group options, which runbooks write before the command name, plus ptctl's own globals. */
const LEADING_GLOBALS: readonly FlagSpelling[] = [
  {
    name: 'config-file',
    chars: ['c'],
    longs: ['config-file'],
    takesValue: true,
    multiple: false,
    allowNo: false,
    emptyIsUnset: false,
  },
  {
    name: 'dcs-url',
    chars: ['d'],
    longs: ['dcs-url', 'dcs'],
    takesValue: true,
    multiple: false,
    allowNo: false,
    emptyIsUnset: true,
  },
  {
    name: 'insecure',
    chars: ['k'],
    longs: ['insecure'],
    takesValue: false,
    multiple: false,
    allowNo: false,
    emptyIsUnset: false,
  },
  // before the command, --timeout is always the per-call deadline (restart and check have a --timeout of their own)
  {
    name: 'request-timeout',
    chars: [],
    longs: ['timeout', 'request-timeout'],
    takesValue: true,
    multiple: false,
    allowNo: false,
    emptyIsUnset: true,
  },
  { name: 'json', chars: [], longs: ['json'], takesValue: false, multiple: false, allowNo: false, emptyIsUnset: false },
]

/** The words that start a two-word command (`sandbox up`, `completion fish`): checked against the commands by a test. */
export const COMMAND_TOPICS: readonly string[] = ['sandbox', 'completion']

/** How many leading words of `rest` name the command: two for a topic's command, else one. */
function commandWords(rest: readonly string[]): number {
  const [first = '', second] = rest
  return COMMAND_TOPICS.includes(first) && second !== undefined && !second.startsWith('-') ? 2 : 1
}

/**
 * Moves the global options written before the command (`ptctl -c FILE -k list demo`, as runbooks do with
 * patronictl) to just after the command's name, in long form so they cannot collide with a command's own short
 * options (`query -c SQL`). Before the command's own words, never after them: a last option missing its value
 * (`-c FILE list -f`) must stay missing, as click sees it, not take a global option as its value.
 */
export function hoistGlobalFlags(argv: readonly string[]): string[] {
  let read: ReadArgv
  try {
    read = readArgv(argv, LEADING_GLOBALS, true)
  } catch {
    // `ptctl -c` with nothing after it: leave it to oclif to say what is missing
    return [...argv]
  }
  if (read.options.length === 0 || read.unknown.length > 0) return [...argv]
  const leading = canonicalOptions(read.options)
  const rest = read.rest
  if (rest.length === 0) return leading
  const words = commandWords(rest)
  return [...rest.slice(0, words), ...leading, ...rest.slice(words)]
}
