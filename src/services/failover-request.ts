import type { FailoverAction } from '../cluster/failover-plan.js'
import { actionTimestamp } from '../cluster/schedule.js'
import type { Cluster } from '../cluster/types.js'
import {
  ActionError,
  AgentUnreachableError,
  OutcomeUnknownError,
  PatroniApiError,
  UnrecognizedAnswerError,
} from '../errors.js'
import type { AgentRef, SwitchoverBody } from '../patroni-api/api.js'
import type { SwitchoverAnswer } from '../patroni-api/answers.js'
import type { FailoverOutcome, FailoverOptions } from './failover.js'
import type { ActionDeps } from './reporter.js'
import { leaderAfter, watchForNewLeader, type LeaderWaitResult, type LeaderWatch } from './wait-for-leader.js'

/** What became of the request: Patroni's answer, patronictl's DCS fallback, or an outcome nobody knows yet. */
export type SentRequest = (
  | { readonly kind: 'answered'; readonly answer: SwitchoverAnswer }
  | { readonly kind: 'dcs-fallback'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string }
) & { readonly watch?: LeaderWatch }

interface RequestContext {
  readonly o: FailoverOptions
  readonly cluster: Cluster
  readonly agent: AgentRef
  readonly body: SwitchoverBody
  readonly leader: string | undefined
  readonly candidate: string | undefined
  readonly scheduledAt: string | undefined
  readonly startedAt: number
}

const title = (action: FailoverAction) => (action === 'switchover' ? 'Switchover' : 'Failover')

/**
 * POST /switchover (or /failover) to the agent. With --wait the DCS is watched while Patroni handles it, so the new
 * leader is seen as soon as it runs. A refusal is an error with Patroni's answer; an agent that cannot be reached
 * (nothing was sent) gets patronictl's DCS fallback; an agent that may have received the request without answering,
 * or answered something that is not Patroni's, leaves the outcome unknown.
 */
export async function sendFailoverRequest(deps: ActionDeps, c: RequestContext): Promise<SentRequest> {
  const watch = startWatch(deps, c)
  // every change the request causes is seen: the watch has read the cluster before anything is sent
  await watch?.ready
  const withWatch = watch ? { watch } : {}
  const api = await deps.api()
  try {
    const answer = await (
      c.o.action === 'switchover' ? api.switchover(c.agent, c.body) : api.failover(c.agent, c.body)
    ).catch((e: unknown) => {
      // Patroni builds that do not know /switchover are asked for a failover instead, as patronictl does
      if (
        c.o.action === 'switchover' &&
        e instanceof PatroniApiError &&
        e.status === 501 &&
        e.body.includes('Server does not support this operation')
      )
        return api.failover(c.agent, c.body)
      throw e
    })
    return { kind: 'answered', answer, ...withWatch }
  } catch (e) {
    // an outcome nobody knows keeps its watch: --wait follows the DCS for its whole --wait-timeout
    if (e instanceof PatroniApiError && /status unknown/i.test(e.body))
      return { kind: 'unknown', reason: `Patroni answered ${e.status}, ${e.body}`, ...withWatch }
    if (e instanceof UnrecognizedAnswerError) return { kind: 'unknown', reason: e.message, ...withWatch }
    if (e instanceof AgentUnreachableError && e.maybeReceived)
      return { kind: 'unknown', reason: e.message, ...withWatch }
    watch?.cancel()
    if (e instanceof PatroniApiError) {
      // patronictl prints Patroni's refusal on stdout and ends there, exit 0
      const failed = `${title(c.o.action)} failed, details: ${e.status}, ${e.body}`
      throw new ActionError(failed).saying({ stdout: failed, exitCode: 0, text: '' })
    }
    if (!(e instanceof AgentUnreachableError)) throw e
    deps.report(`${actionTimestamp(deps.clock.now())} Could not ${c.o.action} using Patroni api, falling back to DCS`)
    deps.note(`(${e.message})`)
    await deps.dcs.setFailover(c.cluster, {
      ...(c.leader !== undefined ? { leader: c.leader } : {}),
      ...(c.candidate !== undefined ? { member: c.candidate } : {}),
      ...(c.scheduledAt ? { scheduledAt: c.scheduledAt } : {}),
    })
    const after = startWatch(deps, c)
    await after?.ready
    return { kind: 'dcs-fallback', reason: e.reason, ...(after ? { watch: after } : {}) }
  }
}

/** With --wait (and not scheduled), a watch of the DCS for the new leader, from the start of the action. */
function startWatch(deps: ActionDeps, c: RequestContext): LeaderWatch | undefined {
  if (!c.o.wait || c.scheduledAt) return undefined
  return watchForNewLeader(deps, {
    scope: c.cluster.scope,
    ...(c.cluster.group !== undefined ? { group: c.cluster.group } : {}),
    ...(c.leader ? { oldLeader: c.leader } : {}),
    oldLeaderReturns: c.o.action === 'switchover',
    ...(c.candidate ? { candidate: c.candidate } : {}),
    startedAt: c.startedAt,
    timeoutMs: c.o.waitTimeoutMs,
  })
}

interface Settled {
  readonly outcome: FailoverOutcome
  readonly message: string
  readonly wait?: LeaderWaitResult
}

/** Turns what happened into the result: Patroni's words when it answered, the DCS's when the outcome was open. */
export async function settleOutcome(
  deps: ActionDeps,
  o: FailoverOptions,
  sent: SentRequest,
  c: { cluster: Cluster; leader: string | undefined; candidate: string | undefined; startedAt: number },
): Promise<Settled> {
  const stamp = () => actionTimestamp(deps.clock.now())
  if (sent.kind === 'answered') {
    const { answer } = sent
    deps.report(`${stamp()} ${answer.text}`)
    if (answer.kind === 'scheduled') return { outcome: 'scheduled', message: answer.text }
    if (answer.kind === 'other-leader') {
      sent.watch?.cancel()
      // patronictl takes Patroni's 200 as done: it prints the table and exits 0
      const table = deps.topology(await deps.dcs.getCluster(c.cluster.scope, c.cluster.group))
      throw new ActionError(
        `${title(o.action)} went to ${answer.leader}, not to ${answer.wanted}: another request won (Patroni: ${answer.text})`,
      ).saying({ stdout: table, exitCode: 0, text: '' })
    }
    return { outcome: 'done', message: answer.text, ...(await waited(deps, sent.watch)) }
  }
  if (sent.kind === 'dcs-fallback') {
    const message = `requested through the DCS failover key (${sent.reason}); ${sent.watch ? 'following it' : 'not confirmed: use --wait to follow it'}`
    deps.note(message)
    return { outcome: 'dcs-fallback', message, ...(await waited(deps, sent.watch)) }
  }
  deps.note(`${title(o.action)} outcome unknown (${sent.reason}); checking the DCS`)
  const confirmed = sent.watch ? await sent.watch.result.catch(() => undefined) : undefined
  const leader =
    confirmed?.newLeader ??
    leaderAfter(await deps.dcs.getCluster(c.cluster.scope, c.cluster.group), c.leader, c.candidate)
  if (leader === undefined)
    throw new OutcomeUnknownError(
      `${title(o.action)} outcome unknown (${sent.reason}): no new leader seen; it may still happen: check with 'ptctl list' before trying again`,
    )
  const message = `${title(o.action)} confirmed: ${leader} is the new leader`
  deps.report(`${stamp()} ${message}`)
  return { outcome: 'done', message, ...(confirmed ? { wait: confirmed } : {}) }
}

async function waited(deps: ActionDeps, watch: LeaderWatch | undefined): Promise<{ wait?: LeaderWaitResult }> {
  if (!watch) return {}
  const wait = await watch.result
  deps.report(
    `${actionTimestamp(deps.clock.now())} ${wait.newLeader} is the running leader after ${wait.secondsToLeader.toFixed(1)}s; all members follow it after ${wait.secondsToHealthy.toFixed(1)}s`,
  )
  return { wait }
}
