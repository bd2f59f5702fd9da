import { describe, expect, it } from 'vitest'

import { LeaderWaitState } from '../../src/services/wait-for-leader.js'
import { buildCluster, member4 } from '../helpers/records.js'

/** A three-member cluster as the DCS shows it: who holds the key, and each member's role, state and timeline. */
const at = (leader: string, members: Record<string, { role?: string; state?: string; tl: number } | undefined>) =>
  buildCluster({
    scope: 'demo',
    leader,
    members: Object.fromEntries(
      Object.entries(members)
        .filter((e): e is [string, { role?: string; state?: string; tl: number }] => e[1] !== undefined)
        .map(([name, m], i) => [
          name,
          member4(5501 + i, { role: m.role ?? 'replica', state: m.state ?? 'running', timeline: m.tl }),
        ]),
    ),
  })

const T0 = Date.UTC(2026, 11, 4, 12, 0, 0)
const time = (s: number) => new Date(T0 + s * 1000)

describe('LeaderWaitState: one switchover, read by read', () => {
  it('finds the new leader once it runs as primary, and is done once every member follows its timeline', () => {
    const state = new LeaderWaitState({ oldLeader: 'pg1', oldLeaderReturns: true, candidate: 'pg2', startedAt: T0 }, T0)
    const first = state.see(at('pg1', { pg1: { role: 'master', tl: 1 }, pg2: { tl: 1 }, pg3: { tl: 1 } }), time(0))
    expect(first).toEqual({ events: [], first: true, leaderFound: false })
    expect([...state.expected]).toEqual(['pg1', 'pg2', 'pg3'])
    // the key moved, but pg2 is still promoting: not the leader yet
    state.see(at('pg2', { pg1: undefined, pg2: { role: 'promoted', tl: 1 }, pg3: { tl: 1 } }), time(1))
    expect(state.newLeader).toBeUndefined()
    const promoted = state.see(at('pg2', { pg2: { role: 'master', tl: 2 }, pg3: { tl: 2 } }), time(2.5))
    expect([promoted.leaderFound, state.newLeader, state.secondsToLeader, state.end]).toEqual([
      true,
      'pg2',
      2.5,
      undefined,
    ])
    // pg1 is expected back (a switchover): done only when it runs on timeline 2
    state.see(at('pg2', { pg1: { tl: 1 }, pg2: { role: 'master', tl: 2 }, pg3: { tl: 2 } }), time(3))
    expect(state.end).toBeUndefined()
    state.see(at('pg2', { pg1: { tl: 2 }, pg2: { role: 'master', tl: 2 }, pg3: { tl: 2 } }), time(4))
    expect(state.end?.kind).toBe('done')
    expect(state.end?.kind === 'done' && state.end.result.secondsToHealthy).toBe(4)
    // the story, in the order the reads told it
    expect(state.events.map((e) => `${e.type} ${e.member ?? ''}`.trim())).toEqual([
      'leader-changed pg2',
      'role-changed pg2',
      'member-left pg1',
      'role-changed pg2',
      'timeline-changed pg2',
      'timeline-changed pg3',
      'member-joined pg1',
      'timeline-changed pg1',
    ])
  })

  it("a failover's old leader is not waited for; another leader than the candidate is not the one awaited", () => {
    const failover = new LeaderWaitState({ oldLeader: 'pg1', oldLeaderReturns: false, startedAt: T0 }, T0)
    failover.see(at('pg1', { pg1: { role: 'master', tl: 1 }, pg2: { tl: 1 } }), time(0))
    failover.see(at('pg2', { pg2: { role: 'master', tl: 2 } }), time(3))
    expect(failover.end?.kind).toBe('done')
    const wanted = new LeaderWaitState(
      { oldLeader: 'pg1', oldLeaderReturns: true, candidate: 'pg3', startedAt: T0 },
      T0,
    )
    wanted.see(at('pg1', { pg1: { role: 'master', tl: 1 }, pg2: { tl: 1 }, pg3: { tl: 1 } }), time(0))
    wanted.see(at('pg2', { pg1: { tl: 2 }, pg2: { role: 'master', tl: 2 }, pg3: { tl: 2 } }), time(3))
    expect([wanted.newLeader, wanted.end]).toEqual([undefined, undefined])
    expect(wanted.timeoutMessage(30_000)).toBe(
      'Timed out after 30s waiting for a new running leader (leader pg2; pg1 running TL2, pg2 running TL2, pg3 running TL2)',
    )
  })

  it('a status line is due after five quiet seconds on the injected clock; an event resets it', () => {
    const state = new LeaderWaitState({ oldLeader: 'pg1', oldLeaderReturns: true, startedAt: T0 }, T0)
    state.see(at('pg1', { pg1: { role: 'master', tl: 1 }, pg2: { tl: 1 } }), time(0))
    expect([state.quietFor(T0 + 4999), state.quietFor(T0 + 5000)]).toEqual([false, true])
    state.see(at('pg1', { pg1: { role: 'master', tl: 1 }, pg2: { state: 'stopped', tl: 1 } }), time(4))
    expect(state.quietFor(T0 + 5000)).toBe(false)
  })
})
