import { ExitCode } from './cli/exit-codes.js'

/** Base of every error ptctl reports on purpose: one line on stderr, a known exit code. */
export abstract class PtctlError extends Error {
  abstract readonly exitCode: ExitCode
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

/** A Patroni agent's REST API could not be reached (refused, timed out, TLS failure). */
export class AgentUnreachableError extends PtctlError {
  readonly exitCode = ExitCode.agentUnreachable
  constructor(
    readonly member: string,
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${member}: cannot reach ${url}: ${reason}`)
  }
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

/** Ctrl-C or EOF at a prompt. */
export class InterruptedError extends PtctlError {
  readonly exitCode = ExitCode.interrupted
  constructor() {
    super('Aborted!')
  }
}

/** `check` could not reach a verdict (unknown cluster): UNKNOWN for monitoring systems, exit 3. */
export class CheckUnknownError extends PtctlError {
  readonly exitCode = ExitCode.dcsUnreachable
}
