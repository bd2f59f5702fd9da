import { agentOf, assertCandidates, selectMembers } from '../cluster/member-selection.js'
import { patroniVersionAtLeast } from '../cluster/patroni-version.js'
import { NOT_CITUS, type CitusChoice, type ClusterGroups } from '../cluster/citus.js'
import type { Member } from '../cluster/types.js'
import { ActionError, PatroniApiError } from '../errors.js'
import type { PatroniApi } from '../patroni-api/api.js'
import { done, inParallel, memberFailure, type MemberActionResult, type MemberOutcome } from './member-outcomes.js'
import { readGroups } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'

export interface ReinitOptions {
  readonly scope: string
  readonly citus?: CitusChoice
  readonly names: readonly string[]
  readonly force: boolean
  readonly fromLeader: boolean
  readonly wait: boolean
  readonly waitTimeoutMs: number
}

/** patronictl's reinit: replicas only, confirmation, POST /reinitialize, the "already in progress" retry, --wait. */
export async function reinitMembers(deps: ActionDeps, o: ReinitOptions): Promise<MemberActionResult> {
  const view = await readGroups(deps.dcs, o.scope, o.citus ?? NOT_CITUS, { missing: deps.conduct.missingCluster })
  assertCandidates(view, o.names, 'replica')
  deps.report(deps.topology(view))
  const names = o.names.length > 0 ? o.names : await askMember(deps, view, o.force)
  if (names.length === 0) {
    // patronictl asks nothing with --force and does nothing: a step with nothing to do is not a failure
    deps.note('No member named to reinitialize: nothing to do (with --force nothing is asked)')
    return { cluster: o.scope, members: [] }
  }
  const members = selectMembers(view, names, 'replica', {
    unknownNames: deps.conduct.unknownMemberNames,
    version: deps.generation(view).version,
    reinit: true,
  })
  await confirmReinit(deps, members, o.force)
  const api = await deps.api()
  if (o.fromLeader) warnOldAgents(deps, members)
  // the server's start time before the rebuild: a new one is how --wait knows the rebuild really happened
  const startedBefore = o.wait ? await startTimes(api, members) : new Map<string, string | undefined>()
  const outcomes = await inParallel(members, 8, (m) => requestReinit(deps, api, m, o))
  for (const r of outcomes) deps.report(r.message)
  const started = members.filter((m) => outcomes.some((r) => r.member === m.name && r.ok))
  if (o.wait && started.length > 0) await waitRebuilt(deps, api, view, started, startedBefore, o.waitTimeoutMs)
  return { cluster: o.scope, members: outcomes }
}

/** patronictl's `Which member do you want to reinitialize [...]?` (nothing is asked with --force). */
async function askMember(deps: ActionDeps, view: ClusterGroups, force: boolean): Promise<string[]> {
  if (force) return []
  const replicas = selectMembers(view, [], 'replica').map((m) => m.name)
  const answer = await deps.prompt.input({
    message: `Which member do you want to reinitialize [${replicas.join(', ')}]?`,
    default: '',
    flag: 'MEMBER_NAMES',
  })
  const names = answer.split(/[\s,]+/).filter((n) => n !== '')
  if (names.length === 0) throw new ActionError(' is not a member of cluster')
  return names
}

async function confirmReinit(deps: ActionDeps, members: readonly Member[], force: boolean): Promise<void> {
  if (force) return
  const ok = await deps.prompt.confirm({
    message: `Are you sure you want to reinitialize members ${members.map((m) => m.name).join(', ')}?`,
    flag: '--force',
  })
  if (!ok) throw new ActionError('Aborted reinitialize')
}

/** --from-leader exists since Patroni 4.1; older agents ignore the field and copy from any member. */
function warnOldAgents(deps: ActionDeps, members: readonly Member[]): void {
  for (const m of members) {
    if (!patroniVersionAtLeast(m.patroniVersion, [4, 1]))
      deps.note(`${m.name} runs Patroni ${m.patroniVersion ?? '?'}, which ignores --from-leader`)
  }
}

/** POST /reinitialize; a rebuild already running is cancelled and started again if the user agrees. */
async function requestReinit(deps: ActionDeps, api: PatroniApi, m: Member, o: ReinitOptions): Promise<MemberOutcome> {
  const body = (force: boolean) => ({ force, ...(o.fromLeader ? { from_leader: true } : {}) })
  const succeeded = done(m.name, 200, `Success: reinitialize for member ${m.name}`)
  try {
    await api.reinitialize(agentOf(m), body(o.force))
    return succeeded
  } catch (e) {
    const inProgress = e instanceof PatroniApiError && e.body.endsWith(' already in progress') && !o.force
    if (!inProgress) return memberFailure(m.name, e, 'reinitialize')
    const again = await deps.prompt.confirm({
      message: 'Do you want to cancel it and reinitialize anyway?',
      flag: '--force',
    })
    if (!again) return memberFailure(m.name, e, 'reinitialize')
    try {
      await api.reinitialize(agentOf(m), body(true))
      return succeeded
    } catch (retryError) {
      return memberFailure(m.name, retryError, 'reinitialize')
    }
  }
}

async function startTimes(api: PatroniApi, members: readonly Member[]): Promise<Map<string, string | undefined>> {
  const entries = await Promise.all(
    members.map(async (m) => {
      const status = await api.status(agentOf(m)).catch(() => undefined)
      return [m.name, status?.postmaster_start_time] as const
    }),
  )
  return new Map(entries)
}

interface RebuildProgress {
  /** seen not running since the request (for agents that publish no start time) */
  seenDown: boolean
  state: string
}

/**
 * Waits until each rebuilt member runs a new PostgreSQL (its start time changed, or it was seen down and up again)
 * and streams from the leader; prints patronictl's lines, a status line on stderr, and gives up after the timeout.
 */
async function waitRebuilt(
  deps: ActionDeps,
  api: PatroniApi,
  view: ClusterGroups,
  members: readonly Member[],
  startedBefore: ReadonlyMap<string, string | undefined>,
  timeoutMs: number,
): Promise<void> {
  deps.report(`Waiting for reinitialize to complete on: ${members.map((m) => m.name).join(', ')}`)
  const leaders = view.groups.flatMap((g) =>
    g.members.filter((m) => m.name === g.leader?.value && m.apiUrl !== undefined),
  )
  const deadline = deps.clock.now().getTime() + timeoutMs
  const progress = new Map<string, RebuildProgress>(members.map((m) => [m.name, { seenDown: false, state: '?' }]))
  let pending = [...members]
  while (pending.length > 0) {
    if (deps.clock.now().getTime() > deadline)
      throw new ActionError(
        `Timed out after ${timeoutMs / 1000}s waiting for reinitialize on: ${pending
          .map((m) => `${m.name} (${progress.get(m.name)?.state ?? '?'})`)
          .join(', ')}`,
      )
    await deps.clock.sleep(1000)
    const streaming = new Set((await Promise.all(leaders.map((l) => streamingNames(api, l)))).flatMap((x) => [...x]))
    const done: Member[] = []
    for (const m of pending) {
      const p = progress.get(m.name) ?? { seenDown: false, state: '?' }
      const status = await api.status(agentOf(m)).catch(() => undefined)
      p.state = status?.state ?? 'unreachable'
      if (p.state !== 'running') p.seenDown = true
      const before = startedBefore.get(m.name)
      const restarted =
        before !== undefined && status?.postmaster_start_time !== undefined
          ? status.postmaster_start_time !== before
          : p.seenDown
      if (p.state === 'running' && restarted && streaming.has(m.name)) done.push(m)
    }
    if (done.length > 0) deps.report(`Reinitialize is completed on: ${done.map((m) => m.name).join(', ')}`)
    pending = pending.filter((m) => !done.includes(m))
    if (pending.length > 0)
      deps.note(
        `waiting for reinitialize: ${pending.map((m) => `${m.name} ${progress.get(m.name)?.state ?? '?'}`).join(', ')}`,
      )
  }
}

/** The members the leader's walsenders stream to. */
async function streamingNames(api: PatroniApi, leader: Member): Promise<Set<string>> {
  const status = await api.status(agentOf(leader)).catch(() => undefined)
  return new Set(
    (status?.replication ?? []).filter((r) => r.state === 'streaming').map((r) => r.application_name ?? ''),
  )
}
