import type { Member } from '../cluster/types.js'
import {
  ActionError,
  AgentUnreachableError,
  MembersUnreachableError,
  OutcomeUnknownError,
  PatroniApiError,
  UnrecognizedAnswerError,
} from '../errors.js'

/**
 * What happened on one member: done (Patroni said so), skipped (a conditional step whose condition did not hold:
 * nothing to do), failed (Patroni refused, or the request never reached it), or unknown (it may have been carried
 * out: no answer after sending, or an answer that is not Patroni's).
 */
export interface MemberOutcome {
  readonly member: string
  readonly ok: boolean
  readonly outcome: 'done' | 'skipped' | 'failed' | 'unknown'
  /** the HTTP status Patroni answered, null without an answer */
  readonly status: number | null
  readonly message: string
}

export interface MemberActionResult {
  readonly cluster: string
  readonly members: readonly MemberOutcome[]
}

export function done(member: string, status: number | null, message: string): MemberOutcome {
  return { member, ok: true, outcome: 'done', status, message }
}

/**
 * patronictl's `Failed: <what> for member X, ...` for a refusal or an unreachable agent; `Unknown: ...` when the
 * request may have been carried out. Anything else is a bug and is rethrown.
 */
export function memberFailure(member: string, e: unknown, what: string): MemberOutcome {
  if (e instanceof AgentUnreachableError) {
    return e.maybeReceived
      ? {
          member,
          ok: false,
          outcome: 'unknown',
          status: null,
          message: `Unknown: ${what} for member ${member}, ${e.reason}; it may have been done: check the member`,
        }
      : {
          member,
          ok: false,
          outcome: 'failed',
          status: null,
          message: `Failed: ${what} for member ${member}, ${e.reason}`,
        }
  }
  if (e instanceof UnrecognizedAnswerError)
    return {
      member,
      ok: false,
      outcome: 'unknown',
      status: e.status,
      message: `Unknown: ${what} for member ${member}, ${e.message.slice(member.length + 2)}; check the member`,
    }
  if (e instanceof PatroniApiError)
    return {
      member,
      ok: false,
      outcome: 'failed',
      status: e.status,
      message: `Failed: ${what} for member ${member}, status code=${e.status}, (${e.body})`,
    }
  throw e
}

/**
 * After every outcome was printed: an unknown outcome exits 6, a failure 1, naming the members; when no failed member's
 * agent could even be reached, 4. patronictl exits 0
 * after its `Failed:` lines, having printed them, when every failure is an answer of Patroni's.
 */
export function throwUnlessAllDone(result: MemberActionResult, action: string): void {
  const unknown = result.members.filter((m) => m.outcome === 'unknown').map((m) => m.member)
  const failed = result.members.filter((m) => m.outcome === 'failed')
  const names = failed.map((m) => m.member)
  if (unknown.length > 0)
    throw new OutcomeUnknownError(
      `${action} outcome unknown on ${unknown.join(', ')}${names.length > 0 ? `; failed on ${names.join(', ')}` : ''}`,
    )
  if (failed.length === 0) return
  // no agent was reached (refused connections, TLS refusals): nothing was done anywhere, exit 4
  if (failed.every((m) => m.status === null))
    throw new MembersUnreachableError(
      `${action} failed on ${names.join(', ')}: ${names.length === 1 ? 'its agent' : 'their agents'} could not be reached; nothing was done`,
    )
  const error = new ActionError(`${action} failed on ${names.join(', ')}`)
  throw failed.every((m) => m.status !== null) ? error.saying({ exitCode: 0, text: '' }) : error
}

/** Runs `fn` for every member, at most `limit` at a time, keeping the members' order in the result. */
export async function inParallel<T>(
  members: readonly Member[],
  limit: number,
  fn: (m: Member) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(members.length)
  let next = 0
  const worker = async () => {
    while (next < members.length) {
      const i = next++
      results[i] = await fn(members[i] as Member)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, members.length) }, worker))
  return results
}
