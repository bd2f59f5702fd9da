import { ExitCode, VerdictExitCode } from './exit-codes.js'

/** What patronictl says for the same failure (drop-in mode): its words on stderr, and its exit code. */
export interface PatronictlWords {
  /** the text after `Error: ` (default: ptctl's message) */
  readonly message?: string
  /** default 1, as patronictl exits for every error it raises */
  readonly exitCode?: number
  /** the whole of what patronictl writes on stderr instead of an `Error:` line (click's `Aborted!`; '' for nothing) */
  readonly text?: string
  /** what patronictl prints on stdout instead (`Switchover failed, details: ...`, which it does not count as an error) */
  readonly stdout?: string
}

/** Base of every error ptctl reports on purpose: one line on stderr, a known exit code. */
export abstract class PtctlError extends Error {
  abstract readonly exitCode: ExitCode
  /** set when patronictl words the same failure otherwise (see saying) */
  patronictl?: PatronictlWords

  /** How patronictl words this failure, for drop-in mode; ptctl's own message stays for ptctl. */
  saying(words: PatronictlWords): this {
    this.patronictl = words
    return this
  }
}

/** The user asked for something that cannot be: bad flag values, unknown member, unreadable config. */
export class UsageError extends PtctlError {
  readonly exitCode = ExitCode.usage
}

/** The request was understood but refused or failed (patronictl's `Error: ...` cases). */
export class ActionError extends PtctlError {
  readonly exitCode = ExitCode.actionFailed
}

/** The DCS did not answer in time, refused the connection or rejected our credentials. */
export class DcsUnreachableError extends PtctlError {
  readonly exitCode = ExitCode.dcsUnreachable
}

/** A compare-and-set write lost a race: someone changed the key since we read it. */
export class VersionConflictError extends PtctlError {
  readonly exitCode = ExitCode.conflict
  constructor(readonly key: string) {
    super(`${key} was modified concurrently`)
  }
}

/**
 * A Patroni agent's REST API did not answer: refused, unreachable, TLS failure, or no answer in time. When the
 * request may have reached the agent (`maybeReceived`: it was sent, then the answer never came), its outcome is
 * unknown; otherwise nothing was asked.
 */
export class AgentUnreachableError extends PtctlError {
  readonly exitCode = ExitCode.agentUnreachable
  constructor(
    readonly member: string,
    readonly url: string,
    readonly reason: string,
    readonly maybeReceived = false,
  ) {
    super(`${member}: cannot reach ${url}: ${reason}`)
  }
}

/** Some members' agents could not be reached while others answered (their results were printed). */
export class MembersUnreachableError extends PtctlError {
  readonly exitCode = ExitCode.agentUnreachable
}

/** A 2xx answer that is not the one Patroni gives for the request (something else answers on that port?). */
export class UnrecognizedAnswerError extends PtctlError {
  readonly exitCode = ExitCode.outcomeUnknown
  constructor(
    readonly member: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${member}: unexpected answer (${status}, ${JSON.stringify(body.slice(0, 80))}): not Patroni's answer`)
  }
}

/** A DCS write got no answer: it may have been applied. */
export class DcsWriteUnknownError extends PtctlError {
  readonly exitCode = ExitCode.outcomeUnknown
}

/** The request may or may not have been carried out; the message says what to check. */
export class OutcomeUnknownError extends PtctlError {
  readonly exitCode = ExitCode.outcomeUnknown
}

/** A Patroni agent answered with a non-2xx status. */
export class PatroniApiError extends PtctlError {
  readonly exitCode = ExitCode.actionFailed
  constructor(
    readonly member: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${member}: status code=${status}, (${body})`)
  }
}

/** Ctrl-C (at a prompt, in the editor, during a call), or SIGTERM: the message says what was left as it was. */
export class InterruptedError extends PtctlError {
  readonly exitCode: ExitCode
  constructor(message = 'Aborted!', signal: 'SIGINT' | 'SIGTERM' = 'SIGINT') {
    super(message)
    this.exitCode = signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated
  }
}

/** `check` could not judge the cluster (it is not there): the UNKNOWN verdict of the monitoring convention. */
export class UnknownVerdictError extends PtctlError {
  readonly exitCode = VerdictExitCode.UNKNOWN
}
