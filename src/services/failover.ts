import { describeEligibility, type Eligibility } from '../cluster/candidates.js'
import { CITUS_GROUP_REQUIRED, NOT_CITUS, type CitusChoice } from '../cluster/citus.js'
import {
  checkCandidate,
  checkHasCandidates,
  checkLeader,
  checkSchedule,
  type FailoverAction,
} from '../cluster/failover-plan.js'
import { isStandbyCluster, memberRole, synchronousMode } from '../cluster/roles.js'
import { isoformat } from '../cluster/schedule.js'
import type { Cluster } from '../cluster/types.js'
import { ActionError, UsageError } from '../errors.js'
import type { AgentRef, SwitchoverBody } from '../patroni-api/api.js'
import { redactUrl } from '../redact.js'
import { readCluster, readGroups } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'
import { askScheduledTime } from './scheduled-time.js'
import { sendFailoverRequest, settleOutcome } from './failover-request.js'
import type { LeaderWaitResult } from './wait-for-leader.js'

export interface FailoverOptions {
  readonly action: FailoverAction
  readonly scope: string
  readonly citus?: CitusChoice
  readonly leader?: string
  readonly candidate?: string
  /** switchover only: text of --scheduled */
  readonly scheduled?: string
  readonly force: boolean
  readonly dryRun: boolean
  readonly wait: boolean
  readonly waitTimeoutMs: number
}

/**
 * done: Patroni said the candidate (or, without one, a new leader) leads; scheduled: Patroni accepted the schedule;
 * dcs-fallback: no agent could be reached and the request was written to the failover key (patronictl's fallback);
 * dry-run: nothing was sent. An outcome that cannot be known is an error (exit 6), never one of these.
 */
export type FailoverOutcome = 'done' | 'scheduled' | 'dcs-fallback' | 'dry-run'

export interface FailoverRequestPlan {
  readonly method: 'POST'
  readonly url: string
  readonly body: SwitchoverBody
}

export interface FailoverResult {
  readonly action: FailoverAction
  readonly cluster: string
  readonly group?: number
  readonly leader: string | null
  readonly candidate: string | null
  readonly scheduledAt: string | null
  readonly outcome: FailoverOutcome
  readonly message: string
  readonly candidates: readonly Eligibility[]
  readonly request?: FailoverRequestPlan
  readonly wait?: LeaderWaitResult
}

/**
 * patronictl's switchover/failover flow (cluster and Citus group, leader, candidate, time, confirmation, REST call,
 * DCS fallback), with ptctl's pre-flight report, dry run, an outcome read from Patroni's answer, and --wait.
 */
export async function failoverOrSwitchover(deps: ActionDeps, o: FailoverOptions): Promise<FailoverResult> {
  const startedAt = deps.clock.now().getTime()
  const cluster = await chooseCluster(deps, o)
  const asks = !o.force && !o.dryRun
  const leader = await chooseLeader(deps, o, cluster, asks)
  const { candidate, candidates } = await chooseCandidate(deps, o, cluster, leader, asks)
  const scheduled =
    o.action === 'switchover' ? await askScheduledTime(deps, o.scheduled, asks ? 'switchover' : undefined) : undefined
  checkSchedule(cluster, o.action, scheduled, deps.clock.now(), {
    ...(candidate !== undefined ? { candidate } : {}),
    preflight: deps.conduct.preflight,
  })
  const scheduledAt = scheduled ? isoformat(scheduled) : undefined
  if (asks) await confirmAction(deps, o, leader, scheduledAt)

  const agent = targetAgent(cluster, candidate)
  const body: SwitchoverBody =
    o.action === 'failover'
      ? { candidate: candidate ?? null }
      : {
          ...(leader !== undefined ? { leader } : {}),
          candidate: candidate ?? null,
          ...(scheduledAt ? { scheduled_at: scheduledAt } : {}),
        }
  const request: FailoverRequestPlan = { method: 'POST', url: new URL(`/${o.action}`, agent.apiUrl).toString(), body }
  const base = {
    action: o.action,
    cluster: o.scope,
    ...(cluster.group !== undefined ? { group: cluster.group } : {}),
    leader: leader ?? null,
    candidate: candidate ?? null,
    scheduledAt: scheduledAt ?? null,
    candidates,
    request,
  }
  if (o.dryRun) {
    const message = `would POST ${redactUrl(request.url)} ${JSON.stringify(body)}; nothing was changed`
    deps.report(message)
    return { ...base, outcome: 'dry-run', message }
  }
  const sent = await sendFailoverRequest(deps, { o, cluster, agent, body, leader, candidate, scheduledAt, startedAt })
  const settled = await settleOutcome(deps, o, sent, { cluster, leader, candidate, startedAt })
  deps.report(deps.topology(await deps.dcs.getCluster(cluster.scope, cluster.group)))
  return { ...base, ...settled }
}

/** The cluster to act on; on a Citus cluster one group, asked for (patronictl's `Citus group` prompt) unless given. */
async function chooseCluster(deps: ActionDeps, o: FailoverOptions): Promise<Cluster> {
  const choice = o.citus ?? NOT_CITUS
  const view = await readGroups(deps.dcs, o.scope, choice, { missing: deps.conduct.missingCluster })
  deps.report('Current cluster topology')
  deps.report(deps.topology(view))
  if (!choice.citus || choice.group !== undefined) return view.groups[0] as Cluster
  if (o.force || o.dryRun) throw new ActionError(CITUS_GROUP_REQUIRED)
  const group = await askGroup(deps)
  return readCluster(deps.dcs, o.scope, { group, missing: deps.conduct.missingCluster })
}

async function askGroup(deps: ActionDeps): Promise<number> {
  for (;;) {
    const text = (await deps.prompt.input({ message: 'Citus group', flag: '--group' })).trim()
    if (/^\d+$/.test(text)) return Number(text)
    deps.progress(`Error: '${text}' is not a valid integer.`)
  }
}

async function chooseLeader(
  deps: ActionDeps,
  o: FailoverOptions,
  cluster: Cluster,
  asks: boolean,
): Promise<string | undefined> {
  if (o.action === 'failover') return cluster.leader?.value
  let given = o.leader
  if (given === undefined && asks) {
    const current = checkLeader(cluster, undefined)
    given = await deps.prompt.input({
      message: isStandbyCluster(cluster) ? 'Standby Leader' : 'Primary',
      default: current,
      flag: '--leader NAME or --force',
    })
  }
  return checkLeader(cluster, given)
}

/** The candidate (asked unless given), checked with patronictl's messages and ptctl's pre-flight eligibility. */
async function chooseCandidate(
  deps: ActionDeps,
  o: FailoverOptions,
  cluster: Cluster,
  leader: string | undefined,
  asks: boolean,
): Promise<{ candidate: string | undefined; candidates: Eligibility[] }> {
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
  const candidates = checkCandidate(cluster, o.action, candidate, {
    preflight: deps.conduct.preflight,
    version: deps.generation(cluster).version,
  })
  for (const c of candidates) if (c.name !== leader) deps.note(`pre-flight: ${describeEligibility(c)}`)
  if (o.action === 'failover' && asks && candidate !== undefined) await confirmAsyncFailover(deps, cluster, candidate)
  return { candidate, candidates }
}

/** In synchronous mode a failover to a replica that is not synchronous may lose transactions: ask first. */
async function confirmAsyncFailover(deps: ActionDeps, cluster: Cluster, candidate: string): Promise<void> {
  if (synchronousMode(cluster) === 'off' || !cluster.sync) return
  const role = memberRole(cluster, candidate)
  if (role === 'sync_standby' || role === 'quorum_standby') return
  const ok = await deps.prompt.confirm({
    message: `Are you sure you want to failover to the asynchronous node ${candidate}?`,
    flag: '--force',
  })
  if (!ok) throw new ActionError('Aborting failover')
}

async function confirmAction(
  deps: ActionDeps,
  o: FailoverOptions,
  leader: string | undefined,
  scheduledAt: string | undefined,
): Promise<void> {
  const demoting = leader !== undefined ? `, demoting current leader ${leader}` : ''
  const message = scheduledAt
    ? `Are you sure you want to schedule switchover of cluster ${o.scope} at ${scheduledAt}${demoting}?`
    : `Are you sure you want to ${o.action} cluster ${o.scope}${demoting}?`
  if (!(await deps.prompt.confirm({ message, flag: '--force' })))
    throw new ActionError(scheduledAt ? 'Aborting scheduled switchover' : `Aborting ${o.action}`)
}

/** The agent that receives the request: the leader's, or the candidate's when there is no leader. */
function targetAgent(cluster: Cluster, candidate: string | undefined): AgentRef {
  const name = cluster.leader?.value ?? candidate
  const member = cluster.members.find((m) => m.name === name)
  if (!member?.apiUrl) throw new UsageError(`Member ${name ?? '?'} publishes no REST API url`)
  return { name: member.name, apiUrl: member.apiUrl }
}
