/** Exit codes documented in the README; one source of truth for every error type. */
export const ExitCode = {
  ok: 0,
  actionFailed: 1,
  usage: 2,
  dcsUnreachable: 3,
  agentUnreachable: 4,
  conflict: 5,
  interrupted: 130,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]
