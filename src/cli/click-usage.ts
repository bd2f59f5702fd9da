import { UsageError } from '../errors.js'

/**
 * A mistake on the command line that click, patronictl's parser, refuses before running anything (exit 2): an option
 * that does not exist, a missing or extra argument, a value that is not a choice or a number. The message is
 * click's own text; as patronictl it comes under click's usage lines (usageText).
 */
export class ClickUsageError extends UsageError {
  constructor(
    message: string,
    /** the command (its id, `list`), for the usage lines */
    readonly command?: string,
    /** click prints its usage lines first, except for a value missing or given to a flag (raised without a context) */
    readonly withUsage = true,
  ) {
    super(message)
  }
}

/** The arguments part of patronictl's usage line, per command (its --help's first line). */
const PATRONICTL_USAGE: Readonly<Record<string, string>> = {
  'demote-cluster': '[OPTIONS] [CLUSTER_NAME]',
  dsn: '[OPTIONS] [CLUSTER_NAME]',
  'edit-config': '[OPTIONS] [CLUSTER_NAME]',
  failover: '[OPTIONS] [CLUSTER_NAME]',
  flush: '[OPTIONS] CLUSTER_NAME [MEMBER_NAMES]... {restart|switchover}',
  history: '[OPTIONS] [CLUSTER_NAME]',
  list: '[OPTIONS] [CLUSTER_NAMES]...',
  pause: '[OPTIONS] [CLUSTER_NAME]',
  'promote-cluster': '[OPTIONS] [CLUSTER_NAME]',
  query: '[OPTIONS] [CLUSTER_NAME]',
  reinit: '[OPTIONS] CLUSTER_NAME [MEMBER_NAMES]...',
  reload: '[OPTIONS] CLUSTER_NAME [MEMBER_NAMES]...',
  remove: '[OPTIONS] CLUSTER_NAME',
  restart: '[OPTIONS] CLUSTER_NAME [MEMBER_NAMES]...',
  resume: '[OPTIONS] [CLUSTER_NAME]',
  'show-config': '[OPTIONS] [CLUSTER_NAME]',
  switchover: '[OPTIONS] [CLUSTER_NAME]',
  topology: '[OPTIONS] [CLUSTER_NAMES]...',
  version: '[OPTIONS] [CLUSTER_NAME] [MEMBER_NAMES]...',
}

/** click's help formatter width when stdout is not a terminal (80 columns, less its 2 of margin). */
const WIDTH = 78

/** `Usage: prog command ARGS`, wrapped as click's textwrap does: continuation lines indented under the arguments. */
function usageLine(prog: string, command: string | undefined, args: string): string {
  const head = `Usage: ${prog}${command !== undefined ? ` ${command}` : ''} `
  const lines: string[] = []
  let line = head
  for (const word of args.split(' ')) {
    const candidate = line === head || line.trim() === '' ? `${line}${word}` : `${line} ${word}`
    if (candidate.length > WIDTH && line.trim() !== '' && line !== head) {
      lines.push(line)
      line = `${' '.repeat(head.length)}${word}`
    } else {
      line = candidate
    }
  }
  lines.push(line)
  return lines.join('\n')
}

/** What click prints for a usage error: the usage line, how to get help, a blank line, then the error. */
export function clickUsageText(prog: string, e: ClickUsageError): string {
  if (!e.withUsage) return `Error: ${e.message}`
  const args = e.command !== undefined ? (PATRONICTL_USAGE[e.command] ?? '[OPTIONS]') : '[OPTIONS] COMMAND [ARGS]...'
  const help = e.command !== undefined ? `${prog} ${e.command} --help` : `${prog} --help`
  return `${usageLine(prog, e.command, args)}\nTry '${help}' for help.\n\nError: ${e.message}`
}

/** `clusterName` → `CLUSTER_NAME`: click names an argument by its parameter, upper case. */
export const metavar = (argName: string): string => argName.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()
