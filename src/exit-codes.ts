/** Exit codes documented in the README; one source of truth for every error type. */
export const ExitCode = {
  ok: 0,
  actionFailed: 1,
  usage: 2,
  dcsUnreachable: 3,
  agentUnreachable: 4,
  conflict: 5,
  /** the request may or may not have been carried out: no answer, or an answer that is not Patroni's */
  outcomeUnknown: 6,
  /** a bug in ptctl */
  internal: 70,
  /** SIGHUP: the terminal or SSH session went away */
  hangup: 129,
  /** Ctrl-C (SIGINT) */
  interrupted: 130,
  /** SIGTERM, as `timeout` or a CI runner sends it */
  terminated: 143,
} as const

/** `check` speaks the monitoring convention (Nagios, Icinga, Sensu) instead: one code per verdict. */
export const VerdictExitCode = {
  OK: 0,
  WARN: 1,
  CRIT: 2,
  UNKNOWN: 3,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]
