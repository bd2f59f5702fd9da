import { ExitCode, VerdictExitCode } from '../exit-codes.js'

/** What the man page says of one command: its help as oclif's manifest holds it. */
export interface ManCommand {
  id: string
  summary?: string | undefined
  description?: string | undefined
  hidden?: boolean | undefined
  pluginName?: string | undefined
  examples?: readonly (string | { command: string; description: string })[] | undefined
  args: Readonly<Record<string, { name: string; description?: string | undefined; required?: boolean | undefined }>>
  flags: Readonly<Record<string, ManFlag>>
}

export interface ManFlag {
  name: string
  char?: string | undefined
  summary?: string | undefined
  description?: string | undefined
  type: 'boolean' | 'option'
  helpValue?: string | readonly string[] | undefined
  options?: readonly string[] | undefined
  hidden?: boolean | undefined
  helpGroup?: string | undefined
  default?: unknown
}

export interface ManPageInput {
  bin: string
  version: string
  /** the package's one-line description */
  description: string
  /** YYYY-MM-DD */
  date: string
  commands: readonly ManCommand[]
}

// what each exit code means, kept beside the codes' own table: a new code without a sentence fails the type check
const EXIT_MEANINGS = {
  ok: 'success (also a runbook step with nothing to do)',
  actionFailed: 'the action failed or was refused, or the cluster was not found',
  usage: 'usage error: bad option or value, unreadable or malformed config or input, stdin ended at a prompt',
  dcsUnreachable: 'the DCS is unreachable, timed out or refused the credentials',
  agentUnreachable: "a member's Patroni REST API is unreachable",
  conflict: 'a compare-and-set write lost a race',
  outcomeUnknown: 'outcome unknown: the request may or may not have been carried out; the message says what to check',
  internal: 'internal error: a bug in ptctl (PTCTL_DEBUG=1 prints where)',
  hangup: 'hung up (SIGHUP): the same report as Ctrl-C',
  interrupted: 'interrupted (Ctrl-C): what was already sent is said',
  terminated: 'terminated (SIGTERM): the same report as Ctrl-C',
} satisfies Record<keyof typeof ExitCode, string>

/**
 * Text as roff reads it: backslashes, leading dots and quotes, hyphens (which must stay ASCII in options) and
 * characters beyond ASCII (troff reads bytes: `×` is written `\[u00D7]`).
 */
export function roffText(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/[^\n\x20-\x7e]/gu, (c) => `\\[u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`)
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n')
}

const bin = (text: string, name: string) => text.replace(/<%= config\.bin %>/g, name)

/** `list [CLUSTERNAMES...]` as a synopsis: the command's words and its arguments, optional ones in brackets. */
const argName = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()

function synopsis(c: ManCommand, name: string): string {
  const args = Object.values(c.args).map((a) => {
    const word = `\\fI${roffText(argName(a.name))}\\fR`
    return a.required === true ? word : `[${word}]`
  })
  return [`\\fB${roffText(`${name} ${c.id.replace(/:/g, ' ')}`)}\\fR`, ...args, '[\\fIOPTIONS\\fR]'].join(' ')
}

function flagLine(f: ManFlag): string {
  const value = f.type === 'option' ? `=\\fI${roffText(valueName(f))}\\fR` : ''
  const long = `\\fB\\-\\-${roffText(f.name)}\\fR${value}`
  return f.char !== undefined ? `\\fB\\-${roffText(f.char)}\\fR, ${long}` : long
}

function valueName(f: ManFlag): string {
  if (typeof f.helpValue === 'string') return f.helpValue
  if (f.options !== undefined && f.options.length > 0) return f.options.join('|')
  return f.name.toUpperCase().replace(/-/g, '_')
}

function flagText(f: ManFlag): string {
  const text = [f.summary, f.description].filter((t) => t !== undefined && t !== '').join('. ')
  const shownDefault =
    f.type === 'option' && (typeof f.default === 'string' || typeof f.default === 'number')
      ? ` (default: ${f.default})`
      : ''
  return roffText(`${text}${shownDefault}`)
}

function flagsSection(flags: readonly ManFlag[]): string[] {
  return flags.flatMap((f) => ['.TP', flagLine(f), flagText(f)])
}

function commandSection(c: ManCommand, name: string): string[] {
  const own = Object.values(c.flags).filter((f) => f.hidden !== true && f.helpGroup !== 'GLOBAL')
  const args = Object.values(c.args)
  const examples = (c.examples ?? []).map((e) => bin(typeof e === 'string' ? e : e.command, name))
  return [
    `.SS ${synopsis(c, name)}`,
    ...(c.summary !== undefined ? [roffText(c.summary)] : []),
    ...(c.description !== undefined && c.description !== '' ? ['.PP', roffText(bin(c.description, name))] : []),
    ...(args.length > 0
      ? [
          '.PP',
          'Arguments:',
          ...args.flatMap((a) => ['.TP', `\\fI${roffText(argName(a.name))}\\fR`, roffText(a.description ?? '')]),
        ]
      : []),
    ...(own.length > 0 ? ['.PP', 'Options:', ...flagsSection(own)] : []),
    ...(examples.length > 0 ? ['.PP', 'Examples:', '.RS', '.nf', ...examples.map(roffText), '.fi', '.RE'] : []),
  ]
}

/**
 * ptctl(1) in roff, written from the commands' own help (summaries, descriptions, arguments, options and examples as
 * the oclif manifest holds them), so that the man page says what `ptctl COMMAND --help` says. Hidden commands and
 * options are left out; options every command shares are listed once.
 */
export function manPage(input: ManPageInput): string {
  const name = input.bin
  const shown = input.commands.filter((c) => c.hidden !== true).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const globals = new Map<string, ManFlag>()
  for (const c of shown)
    for (const f of Object.values(c.flags))
      if (f.helpGroup === 'GLOBAL' && f.hidden !== true && !globals.has(f.name)) globals.set(f.name, f)
  const exitCodes = Object.entries(ExitCode).flatMap(([key, code]) => [
    '.TP',
    `\\fB${code}\\fR`,
    roffText(EXIT_MEANINGS[key as keyof typeof ExitCode]),
  ])
  const verdicts = Object.entries(VerdictExitCode).map(([verdict, code]) => `${code} ${verdict}`)
  return [
    `.TH ${name.toUpperCase()} 1 "${input.date}" "${name} ${input.version}" "User Commands"`,
    '.SH NAME',
    `${name} \\- ${roffText(input.description)}`,
    '.SH SYNOPSIS',
    `\\fB${name}\\fR [\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR] [\\fIOPTIONS\\fR]`,
    '.SH DESCRIPTION',
    roffText(
      `${name} operates PostgreSQL high-availability clusters managed by Patroni: it reads the cluster state in the DCS (etcd v3, etcd v2, ZooKeeper, Consul) and acts through each member's Patroni REST API. It reads patronictl's configuration files and accepts its options; invoked as patronictl (see install-alias), it answers as the patronictl of the cluster's Patroni generation. Every command takes --json for one JSON document on stdout.`,
    ),
    '.SH COMMANDS',
    ...shown.flatMap((c) => commandSection(c, name)),
    '.SH GLOBAL OPTIONS',
    roffText('Accepted by every command, before or after its name.'),
    ...flagsSection([...globals.values()]),
    '.SH EXIT STATUS',
    ...exitCodes,
    '.PP',
    roffText(`check and doctor exit with their verdict instead: ${verdicts.join(', ')}.`),
    '.SH ENVIRONMENT',
    '.TP',
    '\\fBPATRONICTL_CONFIG_FILE\\fR',
    roffText('The configuration file when -c is not given.'),
    '.TP',
    '\\fBPATRONI_*\\fR',
    roffText("Patroni's environment variables (PATRONI_ETCD3_HOSTS, PATRONI_SCOPE, ...) as patronictl reads them."),
    '.TP',
    '\\fBPTCTL_COMPAT\\fR',
    roffText('patronictl: answer as patronictl (drop-in mode) whatever the name ptctl is invoked by.'),
    '.TP',
    '\\fBNO_COLOR\\fR',
    roffText('No colour, even on a terminal.'),
    '.SH FILES',
    '.TP',
    '\\fI~/.config/patroni/patronictl.yaml\\fR',
    roffText(
      "The default configuration file, patronictl's; a Patroni node's patroni.yml works too (its ctl: section).",
    ),
    '.SH SEE ALSO',
    '\\fBpatronictl\\fR(1), \\fBpatroni\\fR(1)',
    '',
  ].join('\n')
}
