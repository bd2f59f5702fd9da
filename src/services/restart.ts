import type { CitusChoice } from '../cluster/citus.js'
import { agentOf } from '../cluster/member-selection.js'
import { isPaused } from '../cluster/roles.js'
import { atLeast } from '../cluster/generation.js'
import { isoformat, pythonStr, type Scheduled } from '../cluster/schedule.js'
import type { CtlRole } from '../cluster/select.js'
import type { Member } from '../cluster/types.js'
import { ActionError, PatroniApiError, UsageError } from '../errors.js'
import type { PatroniApi, RestartBody } from '../patroni-api/api.js'
import { confirmOrAbort, showAndSelect } from './member-actions.js'
import { done, inParallel, memberFailure, type MemberActionResult, type MemberOutcome } from './member-outcomes.js'
import type { ActionDeps } from './reporter.js'
import { askScheduledTime } from './scheduled-time.js'

export interface RestartOptions {
  readonly scope: string
  readonly citus?: CitusChoice
  readonly names: readonly string[]
  readonly role: CtlRole
  readonly any: boolean
  readonly pending: boolean
  readonly scheduled?: string
  readonly pgVersion?: string
  readonly timeout?: string
  readonly force: boolean
  readonly dryRun: boolean
  readonly parallel: number
  readonly random: () => number
}

/** Patroni's answer to a conditional restart whose condition does not hold (not pending, PostgreSQL not older). */
const CONDITIONS_NOT_SATISFIED = 'restart conditions are not satisfied'

/** X.Y or X.Y.Z, as patronictl validates --pg-version. */
export function checkPgVersion(text: string): string {
  const parts = text.split('.')
  if (parts.length < 2 || parts.length > 3)
    throw new UsageError(`Invalid PostgreSQL version format: X.Y or X.Y.Z is accepted: ${text}`)
  if (!parts.every((p) => /^\d+$/.test(p))) throw new UsageError(`Invalid PostgreSQL version: ${text}`)
  return text
}

/** restart --timeout is handed to Patroni, which wants a positive duration (`30`, `30s`, `2min`): refused here first. */
export function checkRestartTimeout(text: string): string {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)?\s*$/.exec(text)
  if (!m || Number(m[1]) <= 0)
    throw new UsageError(`Invalid value for --timeout: ${text} (a positive number of seconds, or with ms/s/min/h/d)`)
  return text
}

/**
 * patronictl's restart, in its order of questions: select, when (asked), filter --pending/--any, confirm, version
 * (asked), then POST /restart per member, --parallel at a time.
 */
export async function restartMembers(
  deps: ActionDeps,
  o: RestartOptions,
): Promise<MemberActionResult & { plan?: string[] }> {
  const { cluster, view, members: selected } = await showAndSelect(deps, o)
  const asks = !o.force && !o.dryRun
  const scheduled = await askWhen(deps, o, asks)
  // patronictl before 4.0.5 confirms every member selected, then picks one for --any, and keeps --pending for Patroni
  const before405 = deps.conduct.stepsOfRelease && !atLeast(deps.generation(view).version, [4, 0, 5])
  if (before405 && asks) await confirmRestart(deps, o, selected, scheduled)
  const members = before405 ? narrowAny(selected, o) : narrow(selected, o, scheduled)
  if (members.length === 0 && !before405) {
    // a runbook step with nothing to do is not a failure (patronictl exits 0 here too)
    deps.note('No member has a pending restart: nothing to do')
    // patronictl 4 still asks about the members it has (none)
    if (asks && deps.conduct.stepsOfRelease) await confirmRestart(deps, o, members, scheduled)
    return { cluster: o.scope, members: [] }
  }
  if (asks && !before405) await confirmRestart(deps, o, members, scheduled)
  const pgVersion = await askVersion(deps, o, asks)
  if (scheduled && isPaused(cluster)) throw new ActionError("Can't schedule restart in the paused state")
  const body: RestartBody = {
    ...(scheduled ? { schedule: isoformat(scheduled) } : {}),
    ...(pgVersion ? { postgres_version: pgVersion } : {}),
    ...(o.pending ? { restart_pending: true } : {}),
    ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
  }
  if (o.dryRun) {
    const plan = members.map(
      (m) => `would POST ${new URL('/restart', agentOf(m).apiUrl).toString()} ${JSON.stringify(body)}`,
    )
    for (const line of plan) deps.report(line)
    deps.report('nothing was changed')
    return { cluster: o.scope, members: [], plan }
  }
  const api = await deps.api()
  const replaceScheduled = scheduled !== undefined && o.force
  const outcomes = await inParallel(members, o.parallel, (m) => restartOne(deps, api, m, body, replaceScheduled))
  for (const r of outcomes) deps.report(r.message)
  return { cluster: o.scope, members: outcomes }
}

async function askWhen(deps: ActionDeps, o: RestartOptions, asks: boolean): Promise<Scheduled | undefined> {
  const scheduled = await askScheduledTime(deps, o.scheduled, asks ? 'restart' : undefined)
  // Patroni would refuse it (patronictl sends it and prints the refusal)
  if (deps.conduct.preflight && scheduled && scheduled.at.getTime() <= deps.clock.now().getTime())
    throw new ActionError('Cannot schedule restart in the past')
  return scheduled
}

/** --pending keeps the members with a pending restart (decided at the scheduled time instead); --any picks one. */
function narrow(selected: readonly Member[], o: RestartOptions, scheduled: Scheduled | undefined): Member[] {
  return narrowAny(o.pending && !scheduled ? selected.filter((m) => m.pendingRestart) : selected, o)
}

function narrowAny(members: readonly Member[], o: RestartOptions): Member[] {
  if (o.any && members.length > 0) return [members[Math.floor(o.random() * members.length)] as Member]
  return [...members]
}

async function confirmRestart(
  deps: ActionDeps,
  o: RestartOptions,
  members: readonly Member[],
  scheduled: Scheduled | undefined,
): Promise<void> {
  const names = members.map((m) => m.name).join(', ')
  if (o.pending && scheduled)
    return confirmOrAbort(
      deps,
      false,
      'The nodes needing a restart will be identified at the scheduled time, and might be different from the ones showing pending restart right now. Is this fine?',
      'Aborted scheduled restart',
    )
  if (scheduled)
    return confirmOrAbort(
      deps,
      false,
      `Are you sure you want to schedule restart of members ${names} at ${pythonStr(scheduled)}?`,
      'Aborted scheduled restart',
    )
  return confirmOrAbort(deps, false, `Are you sure you want to restart members ${names}?`, 'Aborted restart')
}

async function askVersion(deps: ActionDeps, o: RestartOptions, asks: boolean): Promise<string | undefined> {
  const version =
    o.pgVersion ??
    (asks
      ? await deps.prompt.input({
          message: 'Restart if the PostgreSQL version is less than provided (e.g. 9.5.2) ',
          default: '',
          flag: '--pg-version or --force',
        })
      : undefined)
  return version !== undefined && version !== '' ? checkPgVersion(version) : undefined
}

/** POST /restart; with --force a scheduled restart first replaces the one already scheduled, as patronictl does. */
async function restartOne(
  deps: ActionDeps,
  api: PatroniApi,
  m: Member,
  body: RestartBody,
  replaceScheduled: boolean,
): Promise<MemberOutcome> {
  try {
    if (replaceScheduled && m.scheduledRestart) {
      await api
        .cancelRestart(agentOf(m))
        .catch((e: unknown) => deps.report(memberFailure(m.name, e, 'flush scheduled restart').message))
    }
    return (await api.restart(agentOf(m), body)) === 'scheduled'
      ? done(m.name, 202, `Success: restart scheduled on member ${m.name}`)
      : done(m.name, 200, `Success: restart on member ${m.name}`)
  } catch (e) {
    if (e instanceof PatroniApiError && e.status === 503 && e.body.includes(CONDITIONS_NOT_SATISFIED)) {
      // --pending or --pg-version whose condition does not hold on this member: nothing to do, not a failure
      const patronictl = memberFailure(m.name, e, 'restart').message
      const message = deps.conduct.stepsOfRelease
        ? patronictl
        : `Skipped: restart on member ${m.name}: ${CONDITIONS_NOT_SATISFIED} (no restart pending, or PostgreSQL is not older than the version given)`
      return { member: m.name, ok: true, outcome: 'skipped', status: 503, message }
    }
    if (e instanceof PatroniApiError && e.status === 409)
      return {
        member: m.name,
        ok: false,
        outcome: 'failed',
        status: 409,
        message: `Failed: another restart is already scheduled on member ${m.name}`,
      }
    return memberFailure(m.name, e, 'restart')
  }
}
