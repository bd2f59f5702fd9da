import { Errors } from '@oclif/core'

import type { CtlConfig } from '../config/types.js'
import { PtctlError } from '../errors.js'
import { ExitCode } from '../exit-codes.js'
import { redactSecrets } from '../redact.js'

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
}

const KIND_BY_CODE: Record<number, ErrorKind> = {
  [ExitCode.actionFailed]: 'action',
  [ExitCode.usage]: 'usage',
  [ExitCode.dcsUnreachable]: 'dcs',
  [ExitCode.agentUnreachable]: 'agent',
  [ExitCode.conflict]: 'conflict',
  [ExitCode.outcomeUnknown]: 'unknown-outcome',
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
 * What any error means for the user: ptctl's own errors carry their exit code; oclif's parse errors are usage
 * errors; anything else is a bug (exit 70). The message is one line with every known secret removed.
 */
export function reportError(error: Error, secrets: readonly string[]): ErrorReport {
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
  return {
    exitCode,
    kind: KIND_BY_CODE[exitCode] ?? 'action',
    message: redactSecrets(message.replace(/\s*\n\s*/g, ' '), secrets),
  }
}
