/** A command as the completion script needs it: its words, what it does, its flags. */
export interface CompletionCommand {
  /** the command's words, `sandbox up` for a topic's command */
  readonly words: readonly string[]
  readonly summary: string
  readonly flags: readonly CompletionFlag[]
}

export interface CompletionFlag {
  readonly name: string
  readonly char?: string
  readonly description: string
  /** takes a value */
  readonly takesValue: boolean
  /** the values it accepts, when they are a fixed list */
  readonly options?: readonly string[]
  /** a flag every ptctl command takes, before or after the command */
  readonly global?: boolean
}

/** Flags whose value is a path: fish offers files for them. */
const PATH_FLAGS = new Set(['config-file', 'apply', 'replace', 'file', 'dir'])

/** A fish single-quoted string. */
const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

/** The first line of a description, short enough for fish's pager. */
const short = (text: string) => {
  const line = text.split('\n')[0] ?? ''
  return line.length > 80 ? `${line.slice(0, 77)}...` : line
}

/**
 * A fish completion script (fish's `complete` builtin, for ~/.config/fish/completions/ptctl.fish): the commands
 * (topic commands after their topic), then each command's flags once it is typed, with the values of flags that
 * take one of a list. oclif's autocomplete plugin writes bash and zsh, not fish.
 */
export function fishCompletion(bin: string, commands: readonly CompletionCommand[]): string {
  const lines = [`# ${bin} completions for fish, written by \`${bin} completion fish\``, `complete -c ${bin} -f`]
  const topLevel = new Map<string, string>()
  for (const c of commands) {
    const [first = ''] = c.words
    if (!topLevel.has(first)) topLevel.set(first, c.words.length > 1 ? `${first} commands` : c.summary)
  }
  for (const [word, summary] of topLevel)
    lines.push(`complete -c ${bin} -n __fish_use_subcommand -a ${quote(word)} -d ${quote(short(summary))}`)
  for (const c of commands) {
    const [topic = '', sub] = c.words
    if (sub === undefined) continue
    const siblings = commands.filter((x) => x.words[0] === topic && x.words[1] !== undefined).map((x) => x.words[1])
    const condition = `__fish_seen_subcommand_from ${topic}; and not __fish_seen_subcommand_from ${siblings.join(' ')}`
    lines.push(`complete -c ${bin} -n ${quote(condition)} -a ${quote(sub)} -d ${quote(short(c.summary))}`)
  }
  // the global flags complete anywhere, before the command too
  const everywhere = globalFlags(commands)
  for (const f of everywhere) lines.push(flagLine(bin, undefined, f))
  for (const c of commands) {
    const last = c.words[c.words.length - 1] ?? ''
    const condition =
      c.words.length > 1
        ? `__fish_seen_subcommand_from ${c.words[0] ?? ''}; and __fish_seen_subcommand_from ${last}`
        : `__fish_seen_subcommand_from ${last}`
    for (const f of c.flags) if (!everywhere.some((g) => g.name === f.name)) lines.push(flagLine(bin, condition, f))
  }
  return `${lines.join('\n')}\n`
}

function globalFlags(commands: readonly CompletionCommand[]): CompletionFlag[] {
  const byName = new Map<string, CompletionFlag>()
  for (const c of commands) for (const f of c.flags) if (f.global === true) byName.set(f.name, f)
  return [...byName.values()]
}

function flagLine(bin: string, condition: string | undefined, f: CompletionFlag): string {
  // a one-letter flag name (patronictl's -W) is a short option only
  const names = f.name.length === 1 ? [`-s ${f.name}`] : [`-l ${f.name}`, ...(f.char ? [`-s ${f.char}`] : [])]
  const value = !f.takesValue
    ? []
    : f.options
      ? ['-x', '-a', quote(f.options.join(' '))]
      : PATH_FLAGS.has(f.name)
        ? ['-r', '-F']
        : ['-x']
  const where = condition === undefined ? [] : ['-n', quote(condition)]
  return [`complete -c ${bin}`, ...where, ...names, ...value, '-d', quote(short(f.description))].join(' ')
}
