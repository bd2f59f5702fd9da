import { spawn } from 'node:child_process'

import { expect } from 'vitest'

import type { Cluster } from '../../src/cluster/types.js'
import { PTCTL, ptctl } from './cli.js'
import { eventually } from './dcs-dump.js'
import { trackProcess } from './leftovers.js'

export interface StoryEvent {
  readonly type: string
  readonly member?: string
  readonly from?: unknown
  readonly to?: unknown
  readonly detail?: Record<string, unknown>
  readonly time: string
}

/** `ptctl events --json --since-start` running beside the test; `events()` is what it printed so far. */
export function followEvents(config: string): { events(): StoryEvent[]; stop(): Promise<number | null> } {
  const child = spawn(PTCTL[0], [...PTCTL.slice(1), '-c', config, 'events', '--json', '--since-start'], {
    env: { ...process.env, NO_COLOR: '1' },
  })
  const forget = trackProcess(child.pid)
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    events: () =>
      out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as StoryEvent),
    stop: async () => {
      child.kill('SIGINT')
      const code = await exited
      forget()
      return code
    },
  }
}

/** A member seen on a later timeline: its timeline changed, or (ZooKeeper) its re-created key says so. */
function onNewTimeline(e: StoryEvent, timeline: number): boolean {
  if (e.type === 'timeline-changed') return Number(e.to) > timeline
  return e.type === 'member-joined' && Number(e.detail?.['timeline']) > timeline
}

/**
 * A switchover to `candidate`, told by the events the DCS notified, in the order Patroni makes them: the failover key
 * set first; then the old leader demoting and the leader key changing hands (Patroni releases the key and writes its
 * member key in either order); the new leader on a new timeline; the third member following it; and the failover key
 * cleared once the new leader holds the key.
 */
export function expectSwitchoverStory(
  events: readonly StoryEvent[],
  o: { oldLeader: string; candidate: string; third: string; timeline: number },
): void {
  const index = (what: string, test: (e: StoryEvent) => boolean, from = 0): number => {
    const i = events.findIndex((e, k) => k >= from && test(e))
    if (i < 0) throw new Error(`no event: ${what}; events:\n${events.map((e) => JSON.stringify(e)).join('\n')}`)
    return i
  }
  const set = index('failover key set', (e) => e.type === 'failover-set' && e.detail?.['candidate'] === o.candidate)
  const demoting = index(
    `${o.oldLeader} demoting`,
    (e) =>
      e.member === o.oldLeader &&
      ((e.type === 'role-changed' && e.to === 'demoted') ||
        (e.type === 'state-changed' && e.from === 'running') ||
        // on ZooKeeper Patroni writes a changed member as a new ephemeral znode: it leaves and joins again
        (e.type === 'member-joined' && (e.detail?.['role'] === 'demoted' || e.detail?.['state'] === 'stopping'))),
    set,
  )
  const handover = index(
    `${o.candidate} taking the leader key`,
    (e) => (e.type === 'leader-changed' || e.type === 'leader-taken') && e.member === o.candidate,
    set,
  )
  const newTimeline = index(
    `${o.candidate} on timeline ${o.timeline + 1}`,
    (e) => e.member === o.candidate && onNewTimeline(e, o.timeline),
    handover,
  )
  const following = index(
    `${o.third} following on the new timeline`,
    (e) => e.member === o.third && onNewTimeline(e, o.timeline),
    newTimeline,
  )
  const cleared = index('failover key cleared', (e) => e.type === 'failover-cleared', handover)
  expect(set).toBeLessThan(demoting)
  expect(set).toBeLessThan(handover)
  expect(handover).toBeLessThan(newTimeline)
  expect(newTimeline).toBeLessThan(following)
  expect(handover).toBeLessThan(cleared)
  const times = events.map((e) => Date.parse(e.time))
  expect([...times].sort((a, b) => a - b)).toEqual(times)
}

/**
 * Runs `switchover --candidate --wait --json` on a settled three-member cluster while `events` follows it, and checks
 * the story both tell: the stream, and the switchover's own result (`wait.events`).
 */
export async function switchoverStory(config: string, read: () => Promise<Cluster>): Promise<void> {
  const before = await eventually(
    read,
    (c) =>
      c.members.length === 3 &&
      c.members.every((m) => m.state === 'running' && m.timeline !== undefined) &&
      c.failover?.value.leader === undefined &&
      c.failover?.value.member === undefined,
    90_000,
    'three running members on one timeline',
  )
  const oldLeader = before.leader?.value ?? ''
  const [candidate = '', third = ''] = before.members.map((m) => m.name).filter((n) => n !== oldLeader)
  const timeline = before.members.find((m) => m.name === oldLeader)?.timeline ?? 0
  const stream = followEvents(config)
  await eventually(
    async () => stream.events().length,
    (n) => n > 0,
    30_000,
    'events to tell the current state',
  )
  const r = await ptctl(['-c', config, 'switchover', '--candidate', candidate, '--force', '--wait', '--json'], {
    timeoutMs: 150_000,
  })
  expect(r.code, r.stderr).toBe(0)
  const result = JSON.parse(r.stdout) as { wait: { newLeader: string; events: StoryEvent[] } }
  expect(result.wait.newLeader).toBe(candidate)
  // the switchover told its own story on stderr as it waited
  expect(r.stderr).toMatch(new RegExp(` leader-(changed|taken) ${candidate} `))
  const story = { oldLeader, candidate, third, timeline }
  expectSwitchoverStory(result.wait.events, story)
  await eventually(
    async () => stream.events(),
    (events) => events.some((e) => e.member === third && onNewTimeline(e, timeline)),
    60_000,
    `events to tell ${third} following`,
  )
  expect(await stream.stop()).toBe(130)
  expectSwitchoverStory(stream.events(), story)
}
