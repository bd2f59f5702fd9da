import { describeEligibility, type Eligibility } from '../cluster/candidates.js'
import {
  checkCandidate,
  checkHasCandidates,
  checkLeader,
  checkSchedule,
  type FailoverAction,
} from '../cluster/failover-plan.js'
import { synchronousMode, memberRole } from '../cluster/roles.js'
import { actionTimestamp, exampleTime, isoformat, type Scheduled } from '../cluster/schedule.js'
import { scheduledTime } from './scheduled-time.js'
import type { Cluster } from '../cluster/types.js'
import { ActionError, AgentUnreachableError, PatroniApiError } from '../errors.js'
import type { AgentRef, SwitchoverBody } from '../patroni-api/api.js'
import { topologyText } from '../output/cluster-table.js'
import { readCluster } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'
import { waitForNewLeader, type LeaderWaitResult } from './wait-for-leader.js'

export interface FailoverOptions {
  readonly action: FailoverAction
  readonly scope: string
  readonly leader?: string
  readonly candidate?: string
  /** switchover only: text of --scheduled */
  readonly scheduled?: string
  readonly force: boolean
  readonly dryRun: boolean
  readonly wait: boolean
  readonly waitTimeoutMs: number
}

export type FailoverOutcome = 'done' | 'scheduled' | 'dcs-fallback' | 'dry-run'

export interface FailoverResult {
  readonly action: FailoverAction
  readonly cluster: string
  readonly leader: string | null
  readonly candidate: string | null
  readonly scheduledAt: string | null
  readonly outcome: FailoverOutcome
  readonly message: string
  readonly candidates: readonly Eligibility[]
  readonly request?: { readonly method: 'POST'; readonly url: string; readonly body: SwitchoverBody }
  readonly wait?: LeaderWaitResult
}

async function askScheduled(deps: ActionDeps, o: FailoverOptions): Promise<Scheduled | undefined> {
  let text = o.scheduled
  if (text === undefined && !o.force && !o.dryRun) {
    text = await deps.prompt.input({
      message: `When should the switchover take place (e.g. ${exampleTime(deps.clock.now())} ) `,
      default: 'now',
      flag: '--scheduled TIME or --force (now)',
    })
  }
  return scheduledTime(deps, text)
}

/** The agent that receives the request: the leader's, or the candidate's when there is no leader. */
function target(cluster: Cluster, candidate: string | undefined): AgentRef {
  const name = cluster.leader?.value ?? candidate
  const member = cluster.members.find((m) => m.name === name)
  if (!member?.apiUrl) throw new ActionError(`Member ${name ?? '?'} publishes no REST API url`)
  return { name: member.name, apiUrl: member.apiUrl }
}

/**
 * patronictl's switchover/failover flow (validation, prompts, REST call, DCS fallback), with ptctl's pre-flight
 * eligibility report, dry run, and wait for a new running leader.
 */
export async function failoverOrSwitchover(deps: ActionDeps, o: FailoverOptions): Promise<FailoverResult> {
  const title = o.action === 'switchover' ? 'Switchover' : 'Failover'
  const startedAt = deps.clock.now().getTime()
  const cluster = await readCluster(deps.dcs, o.scope)
  deps.report('Current cluster topology')
  deps.report(topologyText(cluster))
  const asks = !o.force && !o.dryRun

  let leader: string | undefined
  if (o.action === 'switchover') {
    let given = o.leader
    if (given === undefined && asks) {
      const current = checkLeader(cluster, undefined)
      given = await deps.prompt.input({ message: 'Primary', default: current, flag: '--leader NAME or --force' })
    }
    leader = checkLeader(cluster, given)
  } else {
    leader = cluster.leader?.value
    if (o.leader !== undefined && o.leader !== leader)
      throw new ActionError(`Member ${o.leader} is not the leader of cluster ${o.scope}`)
  }

  const names = checkHasCandidates(cluster, o.action)
  let candidate = o.candidate
  if (candidate === undefined && asks) {
    const answer = await deps.prompt.input({
      message: `Candidate ['${names.join("', '")}']`,
      default: '',
      flag: '--candidate NAME or --force',
    })
    candidate = answer.trim() === '' ? undefined : answer.trim()
  }
  const candidates = checkCandidate(cluster, o.action, candidate)
  for (const c of candidates)
    if (c.name !== cluster.leader?.value) deps.progress(`pre-flight: ${describeEligibility(c)}`)

  if (
    o.action === 'failover' &&
    asks &&
    candidate !== undefined &&
    synchronousMode(cluster) !== 'off' &&
    cluster.sync
  ) {
    const role = memberRole(cluster, candidate)
    if (role !== 'sync_standby' && role !== 'quorum_standby') {
      const ok = await deps.prompt.confirm({
        message: `Are you sure you want to failover to the asynchronous node ${candidate}?`,
        flag: '--force',
      })
      if (!ok) throw new ActionError('Aborting failover')
    }
  }

  const scheduled = o.action === 'switchover' ? await askScheduled(deps, o) : undefined
  checkSchedule(cluster, o.action, scheduled, deps.clock.now(), candidate)
  const scheduledAt = scheduled ? isoformat(scheduled) : undefined

  if (asks) {
    const demoting = leader !== undefined ? `, demoting current leader ${leader}` : ''
    const message = scheduledAt
      ? `Are you sure you want to schedule switchover of cluster ${o.scope} at ${scheduledAt}${demoting}?`
      : `Are you sure you want to ${o.action} cluster ${o.scope}${demoting}?`
    if (!(await deps.prompt.confirm({ message, flag: '--force' }))) {
      throw new ActionError(scheduledAt ? 'Aborting scheduled switchover' : `Aborting ${o.action}`)
    }
  }

  const agent = target(cluster, candidate)
  const body: SwitchoverBody =
    o.action === 'failover'
      ? { candidate: candidate ?? null }
      : {
          ...(leader !== undefined ? { leader } : {}),
          candidate: candidate ?? null,
          ...(scheduledAt ? { scheduled_at: scheduledAt } : {}),
        }
  const base = {
    action: o.action,
    cluster: o.scope,
    leader: leader ?? null,
    candidate: candidate ?? null,
    scheduledAt: scheduledAt ?? null,
    candidates,
    request: { method: 'POST' as const, url: new URL(`/${o.action}`, agent.apiUrl).toString(), body },
  }
  if (o.dryRun) {
    const message = `would POST ${base.request.url} ${JSON.stringify(body)}; nothing was changed`
    deps.report(message)
    return { ...base, outcome: 'dry-run', message }
  }

  const api = await deps.api()
  let outcome: FailoverOutcome
  let message: string
  // with --wait the DCS is watched while Patroni handles the request, so the new leader is seen as soon as it runs
  // (Patroni itself answers only after its own 1-second polls); a failed request cancels the watch
  const watch = new AbortController()
  const waiting =
    o.wait && !scheduledAt
      ? waitForNewLeader(deps, {
          scope: o.scope,
          ...(leader ? { oldLeader: leader } : {}),
          ...(candidate ? { candidate } : {}),
          startedAt,
          timeoutMs: o.waitTimeoutMs,
          signal: watch.signal,
        })
      : undefined
  waiting?.catch(() => undefined)
  try {
    const answer = await (o.action === 'switchover' ? api.switchover(agent, body) : api.failover(agent, body)).catch(
      async (e: unknown) => {
        // Patroni builds that do not know /switchover are asked for a failover instead, as patronictl does
        if (
          o.action === 'switchover' &&
          e instanceof PatroniApiError &&
          e.status === 501 &&
          e.body.includes('Server does not support this operation')
        ) {
          return api.failover(agent, body)
        }
        throw e
      },
    )
    outcome = answer.status === 202 ? 'scheduled' : 'done'
    message = answer.text
    deps.report(`${actionTimestamp(deps.clock.now())} ${message}`)
  } catch (e) {
    if (e instanceof AgentUnreachableError) {
      deps.report(`${actionTimestamp(deps.clock.now())} Could not ${o.action} using Patroni api, falling back to DCS`)
      deps.progress(`(${e.message})`)
      await deps.dcs.setFailover(o.scope, {
        ...(leader !== undefined ? { leader } : {}),
        ...(candidate !== undefined ? { member: candidate } : {}),
        ...(scheduledAt ? { scheduledAt } : {}),
      })
      outcome = 'dcs-fallback'
      message = `wrote the failover key in the DCS for ${agent.name}'s peers to act on`
    } else if (e instanceof PatroniApiError && /status unknown/i.test(e.body)) {
      // Patroni stopped watching after ~20 s; the switchover may well go on. Find out instead of failing.
      deps.progress(`${title} status unknown after Patroni's own wait (${e.status}, ${e.body}); checking the DCS`)
      const waited =
        (await waiting) ??
        (await waitForNewLeader(deps, {
          scope: o.scope,
          ...(leader ? { oldLeader: leader } : {}),
          ...(candidate ? { candidate } : {}),
          startedAt,
          timeoutMs: o.waitTimeoutMs,
        }))
      message = `${title} confirmed: ${waited.newLeader} is the new leader`
      deps.report(`${actionTimestamp(deps.clock.now())} ${message}`)
      deps.report(topologyText(await deps.dcs.getCluster(o.scope)))
      return { ...base, outcome: 'done', message, wait: waited }
    } else if (e instanceof PatroniApiError) {
      watch.abort()
      throw new ActionError(`${title} failed, details: ${e.status}, ${e.body}`)
    } else {
      watch.abort()
      throw e
    }
  }

  let wait: LeaderWaitResult | undefined
  if (waiting && outcome !== 'scheduled') {
    wait = await waiting
    deps.report(
      `${actionTimestamp(deps.clock.now())} ${wait.newLeader} is the running leader after ${wait.secondsToLeader.toFixed(1)}s; all members follow it after ${wait.secondsToHealthy.toFixed(1)}s`,
    )
  }
  deps.report(topologyText(await deps.dcs.getCluster(o.scope)))
  return { ...base, outcome, message, ...(wait ? { wait } : {}) }
}
