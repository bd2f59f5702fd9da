import { agentOf, selectMembers } from '../cluster/member-selection.js'
import { clusterLoopWait, isPaused } from '../cluster/roles.js'
import { isoformat, pythonStr, exampleTime, type Scheduled } from '../cluster/schedule.js'
import { scheduledTime } from './scheduled-time.js'
import type { CtlRole } from '../cluster/select.js'
import type { Cluster, Member } from '../cluster/types.js'
import { ActionError, AgentUnreachableError, PatroniApiError, UsageError } from '../errors.js'
import type { RestartBody } from '../patroni-api/api.js'
import { topologyText } from '../output/cluster-table.js'
import { readCluster } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'

/** The outcome for one member; `ok: false` makes the command exit non-zero (patronictl exits 0). */
export interface MemberOutcome {
  readonly member: string
  readonly ok: boolean
  readonly status: number | null
  readonly message: string
}

export interface MemberActionResult {
  readonly cluster: string
  readonly members: readonly MemberOutcome[]
}

export function failedMembers(result: MemberActionResult): MemberOutcome[] {
  return result.members.filter((m) => !m.ok)
}

/** Runs `fn` for every member, at most `limit` at a time, keeping the members' order in the result. */
export async function inParallel<T>(
  members: readonly Member[],
  limit: number,
  fn: (m: Member) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(members.length)
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

/** patronictl's `Failed: <what> for member X, ...` outcome for an agent error or an unreachable agent; rethrows bugs. */
export function memberFailure(member: string, e: unknown, what: string): MemberOutcome {
  if (e instanceof AgentUnreachableError)
    return { member, ok: false, status: null, message: `Failed: ${what} for member ${member}, ${e.reason}` }
  if (e instanceof PatroniApiError)
    return {
      member,
      ok: false,
      status: e.status,
      message: `Failed: ${what} for member ${member}, status code=${e.status}, (${e.body})`,
    }
  throw e
}

/** Selects members, shows the table, asks for confirmation: the common start of patronictl's member actions. */
async function prepare(
  deps: ActionDeps,
  o: { scope: string; names: readonly string[]; role: CtlRole; force: boolean },
): Promise<{ cluster: Cluster; members: Member[] }> {
  const cluster = await readCluster(deps.dcs, o.scope)
  const members = selectMembers(cluster, o.names, o.role)
  deps.report(topologyText(cluster))
  return { cluster, members }
}

async function confirmOrAbort(deps: ActionDeps, force: boolean, message: string, abort: string): Promise<void> {
  if (force) return
  if (!(await deps.prompt.confirm({ message, flag: '--force' }))) throw new ActionError(abort)
}

export interface ReloadOptions {
  readonly scope: string
  readonly names: readonly string[]
  readonly role: CtlRole
  readonly force: boolean
  /** the local configuration's loop_wait, for a cluster whose dynamic config has none */
  readonly loopWait: number
}

export async function reloadMembers(deps: ActionDeps, o: ReloadOptions): Promise<MemberActionResult> {
  const { cluster, members } = await prepare(deps, o)
  const loopWait = clusterLoopWait(cluster) ?? o.loopWait
  await confirmOrAbort(
    deps,
    o.force,
    `Are you sure you want to reload members ${members.map((m) => m.name).join(', ')}?`,
    'Aborted reload',
  )
  const api = await deps.api()
  const outcomes = await inParallel(members, 8, async (m): Promise<MemberOutcome> => {
    try {
      const answer = await api.reload(agentOf(m))
      const message =
        answer.status === 200
          ? `No changes to apply on member ${m.name}`
          : `Reload request received for member ${m.name} and will be processed within ${loopWait} seconds`
      return { member: m.name, ok: true, status: answer.status, message }
    } catch (e) {
      return memberFailure(m.name, e, 'reload')
    }
  })
  for (const r of outcomes) deps.report(r.message)
  return { cluster: o.scope, members: outcomes }
}

export interface RestartOptions {
  readonly scope: string
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

/** X.Y or X.Y.Z, as patronictl validates --pg-version. */
export function checkPgVersion(text: string): string {
  const parts = text.split('.')
  if (parts.length < 2 || parts.length > 3)
    throw new UsageError(`Invalid PostgreSQL version format: X.Y or X.Y.Z is accepted: ${text}`)
  if (!parts.every((p) => /^\d+$/.test(p))) throw new UsageError(`Invalid PostgreSQL version: ${text}`)
  return text
}

export interface RestartPlan {
  readonly members: readonly Member[]
  readonly body: RestartBody
  readonly scheduled?: Scheduled
}

/** patronictl's restart: select, schedule, filter pending/any, confirm, version, then POST /restart per member. */
export async function restartMembers(
  deps: ActionDeps,
  o: RestartOptions,
): Promise<MemberActionResult & { plan?: string[] }> {
  const { cluster, members: selected } = await prepare(deps, o)
  const asks = !o.force && !o.dryRun
  let scheduledText = o.scheduled
  if (scheduledText === undefined && asks) {
    scheduledText = await deps.prompt.input({
      message: `When should the restart take place (e.g. ${exampleTime(deps.clock.now())}) `,
      default: 'now',
      flag: '--scheduled TIME or --force (now)',
    })
  }
  const scheduled = scheduledTime(deps, scheduledText)
  if (scheduled && scheduled.at.getTime() <= deps.clock.now().getTime())
    throw new ActionError('Cannot schedule restart in the past')
  let members = selected
  if (o.pending && !scheduled) members = members.filter((m) => m.pendingRestart)
  if (o.any && members.length > 0) members = [members[Math.floor(o.random() * members.length)] as Member]
  if (members.length === 0) {
    // a runbook step with nothing to do is not a failure (patronictl exits 0 here too)
    deps.progress('No member has a pending restart: nothing to do')
    return { cluster: o.scope, members: [] }
  }

  const names = members.map((m) => m.name).join(', ')
  if (asks) {
    if (o.pending && scheduled) {
      await confirmOrAbort(
        deps,
        false,
        'The nodes needing a restart will be identified at the scheduled time, and might be different from the ones showing pending restart right now. Is this fine?',
        'Aborted scheduled restart',
      )
    } else if (scheduled) {
      await confirmOrAbort(
        deps,
        false,
        `Are you sure you want to schedule restart of members ${names} at ${pythonStr(scheduled)}?`,
        'Aborted scheduled restart',
      )
    } else {
      await confirmOrAbort(deps, false, `Are you sure you want to restart members ${names}?`, 'Aborted restart')
    }
  }
  let pgVersion = o.pgVersion
  if (pgVersion === undefined && asks) {
    pgVersion = await deps.prompt.input({
      message: 'Restart if the PostgreSQL version is less than provided (e.g. 9.5.2) ',
      default: '',
      flag: '--pg-version or --force',
    })
  }
  if (pgVersion !== undefined && pgVersion !== '') checkPgVersion(pgVersion)
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
  const outcomes = await inParallel(members, o.parallel, async (m): Promise<MemberOutcome> => {
    try {
      if (scheduled && o.force && m.scheduledRestart) {
        await api
          .cancelRestart(agentOf(m))
          .catch((e: unknown) => deps.progress(memberFailure(m.name, e, 'flush scheduled restart').message))
      }
      const answer = await api.restart(agentOf(m), body)
      return {
        member: m.name,
        ok: true,
        status: answer.status,
        message:
          answer.status === 202
            ? `Success: restart scheduled on member ${m.name}`
            : `Success: restart on member ${m.name}`,
      }
    } catch (e) {
      if (e instanceof PatroniApiError && e.status === 409) {
        return {
          member: m.name,
          ok: false,
          status: 409,
          message: `Failed: another restart is already scheduled on member ${m.name}`,
        }
      }
      return memberFailure(m.name, e, 'restart')
    }
  })
  for (const r of outcomes) deps.report(r.message)
  return { cluster: o.scope, members: outcomes }
}
