import { Errors } from '@oclif/core'

import type { CtlConfig } from '../config/types.js'
import { InterruptedError, PtctlError } from '../errors.js'
import type { Face } from '../output/face.js'
import { ClickUsageError, clickUsageText } from './click-usage.js'
import { ExitCode } from '../exit-codes.js'
import { redactSecrets } from '../redact.js'
import { escapeControls, escapeControlsKeepLines } from '../output/escape.js'

export type ErrorKind =
  | 'usage'
  | 'action'
  | 'dcs'
  | 'agent'
  | 'conflict'
  | 'unknown-outcome'
  | 'interrupted'
  | 'internal'

export interface ErrorReport {
  readonly exitCode: number
  readonly kind: ErrorKind
  /** one line, credentials removed */
  readonly message: string
  /** everything written to stderr: `Error: <message>`, or click's usage lines before it, or patronictl's `Aborted!` */
  readonly text: string
  /** written to stdout first: what patronictl prints there for this failure */
  readonly stdout?: string
}

const KIND_BY_CODE: Record<number, ErrorKind> = {
  [ExitCode.actionFailed]: 'action',
  [ExitCode.usage]: 'usage',
  [ExitCode.dcsUnreachable]: 'dcs',
  [ExitCode.agentUnreachable]: 'agent',
  [ExitCode.conflict]: 'conflict',
  [ExitCode.outcomeUnknown]: 'unknown-outcome',
  [ExitCode.hangup]: 'interrupted',
  [ExitCode.interrupted]: 'interrupted',
  [ExitCode.terminated]: 'interrupted',
  [ExitCode.internal]: 'internal',
}

/** Every secret ptctl may know of: passwords of the configuration, of the environment (PATRONI_*, PGPASSWORD). */
export function knownSecrets(config: CtlConfig | undefined, env: NodeJS.ProcessEnv): string[] {
  const out: string[] = []
  const add = (v: string | undefined) => {
    if (v !== undefined && v !== '') out.push(v)
  }
  add(config?.dcs?.credentials?.password)
  add(config?.dcs?.tls.keyPassword)
  add(config?.restApi.credentials?.password)
  add(config?.restApi.tls.keyPassword)
  const token = config?.dcs?.section['token']
  if (typeof token === 'string') add(token)
  for (const [name, value] of Object.entries(env))
    if (/(PASSWORD|PASSWD|TOKEN|SECRET)/.test(name) && (name.startsWith('PATRONI') || name.startsWith('PG'))) add(value)
  return out
}

/**
 * The same failure as patronictl reports it (drop-in mode): click's usage lines and exit 2 for a command line it
 * refuses, `Aborted!` and exit 1 for Ctrl-C, patronictl's own words where they differ, exit 1 for every other error.
 */
function asPatronictl(error: Error, native: ErrorReport, secrets: readonly string[], prog: string): ErrorReport {
  const clean = (text: string) => redactSecrets(text, secrets)
  if (error instanceof ClickUsageError)
    return { ...native, exitCode: ExitCode.usage, text: clean(clickUsageText(prog, error)) }
  if (error instanceof InterruptedError && error.exitCode === ExitCode.interrupted)
    return { ...native, exitCode: ExitCode.actionFailed, text: 'Aborted!' }
  if (error instanceof InterruptedError) return native
  const words = error instanceof PtctlError ? error.patronictl : undefined
  const message = words?.message !== undefined ? escapeControls(clean(words.message)) : native.message
  const text = words?.text ?? `Error: ${message}`
  return {
    ...native,
    message,
    exitCode: words?.exitCode ?? ExitCode.actionFailed,
    text,
    ...(words?.stdout !== undefined ? { stdout: escapeControlsKeepLines(clean(words.stdout)) } : {}),
  }
}

/**
 * What any error means for the user: ptctl's own errors carry their exit code; oclif's parse errors are usage
 * errors; anything else is a bug (exit 70). The message is one line with every known secret removed. As patronictl
 * (`face`), the exit code and words are patronictl's (asPatronictl); `prog` is the name it was invoked by.
 */
export function reportError(
  error: Error,
  secrets: readonly string[],
  face: Face = 'native',
  prog = 'patronictl',
): ErrorReport {
  let exitCode: number
  let message: string
  if (error instanceof PtctlError) {
    exitCode = error.exitCode
    message = error.message
  } else if (error instanceof Errors.CLIError) {
    exitCode = ExitCode.usage
    // oclif puts the detail on later lines ("Parsing --x\n\tExpected ..."); keep them, drop its help hint
    message = error.message
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('See more help'))
      .join(': ')
  } else {
    exitCode = ExitCode.internal
    message = `internal error (a bug in ptctl): ${error.message}; run with PTCTL_DEBUG=1 to see where`
  }
  // one line, its control characters escaped: a message may quote a member name or an answer from the DCS
  const clean = escapeControls(redactSecrets(message.replace(/\s*\n\s*/g, ' '), secrets))
  const native: ErrorReport = {
    exitCode,
    kind: KIND_BY_CODE[exitCode] ?? 'action',
    message: clean,
    text: `Error: ${clean}`,
  }
  switch (face) {
    case 'native':
      return native
    case 'patronictl':
      return asPatronictl(error, native, secrets, prog)
  }
}
