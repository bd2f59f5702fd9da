import { describe, expect, it } from 'vitest'

import Events from '../../src/commands/events.js'
import { runCommand, type CommandRun } from '../helpers/command-harness.js'
import { eventually } from '../helpers/dcs-dump.js'
import { MemoryKvStore } from '../helpers/fakes.js'
import { clusterRecords, member4 } from '../helpers/records.js'

/** `events` through the command seam, on the in-memory store's watch. */

const MB = 1024 * 1024
const demo = () =>
  clusterRecords({
    scope: 'demo',
    initialize: '7000',
    config: { ttl: 20, loop_wait: 2 },
    leader: 'pg1',
    optime: 10 * MB,
    members: {
      pg1: member4(5501, { role: 'primary', timeline: 1 }),
      pg2: member4(5502, { timeline: 1, xlog_location: 10 * MB }),
    },
  })

/** Runs the command; `meanwhile` changes the store once the command is watching it. */
async function whileWatching(
  argv: string[],
  meanwhile: (store: MemoryKvStore) => Promise<void>,
  store = new MemoryKvStore(demo()),
): Promise<CommandRun> {
  const run = runCommand(Events, argv, { store })
  await eventually(
    async () => store.watchCount,
    (n) => n > 0,
    10_000,
    'events to be watching the store',
  )
  await meanwhile(store)
  return run
}

const member = (port: number, extra: Record<string, unknown>) => JSON.stringify(member4(port, extra))

describe('events', () => {
  it('--since-start tells the current state, then stops at --timeout (exit 0)', async () => {
    const r = await runCommand(Events, ['--since-start', '--timeout', '0.2'], { records: demo() })
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines.map((l) => l.split(' ').slice(2, 5).join(' '))).toEqual([
      'demo cluster-created cluster',
      'demo leader-taken pg1',
      'demo member-joined pg1',
      'demo member-joined pg2',
    ])
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} demo /)
  })

  it('without --since-start only changes are told; --until-leader ends once that member leads and runs', async () => {
    const r = await whileWatching(['demo', '--json', '--until-leader', 'pg2', '--timeout', '30'], async (store) => {
      await store.put('/service/demo/members/pg1', member(5501, { role: 'demoted', state: 'stopping', timeline: 1 }))
      await store.put('/service/demo/members/pg2', member(5502, { state: 'starting', timeline: 1 }))
      // holding the key is not enough: it must run too
      await store.put('/service/demo/leader', 'pg2')
      await store.put('/service/demo/members/pg2', member(5502, { role: 'primary', state: 'running', timeline: 2 }))
    })
    expect(r.code, r.stderr).toBe(0)
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; member?: string; time: string })
    expect(events.map((e) => `${e.type} ${e.member ?? ''}`)).toEqual([
      'role-changed pg1',
      'state-changed pg1',
      'state-changed pg2',
      'leader-changed pg2',
      'role-changed pg2',
      'state-changed pg2',
      'timeline-changed pg2',
    ])
    expect(events[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/)
  })

  it('--until-leader is met at once when that member already leads', async () => {
    const r = await runCommand(Events, ['demo', '--until-leader', 'pg1', '--timeout', '30'], { records: demo() })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('')
  })

  it('--until-leader not reached within --timeout: exit 1; with --json the error is one more line', async () => {
    const r = await runCommand(Events, ['demo', '--until-leader', 'pg2', '--timeout', '0.2', '--json'], {
      records: demo(),
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('Error: pg2 did not become the running leader within 0.2s (leader: pg1)\n')
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '')).toMatchObject({
      error: { kind: 'action', exitCode: 1 },
    })
  })

  it('--all: a cluster created and one removed', async () => {
    const r = await whileWatching(['--all', '--timeout', '1'], async (store) => {
      for (const rec of clusterRecords({ scope: 'other', initialize: '8000', leader: 'x', members: { x: {} } }))
        await store.put(rec.key, rec.value)
      await store.deletePrefix('/service/demo/')
    })
    expect(r.code, r.stderr).toBe(0)
    const told = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(' ').slice(2, 4).join(' '))
    expect(told).toContain('other cluster-created')
    expect(told).toContain('demo cluster-removed')
  })

  it.each([
    [['--all', 'demo'], '--all and cluster names are mutually exclusive'],
    [['--all', '--until-leader', 'pg1'], '--until-leader needs exactly one cluster'],
    [['demo', 'other', '--until-leader', 'pg1'], '--until-leader needs exactly one cluster'],
    [['--lag-threshold', 'lots'], 'Invalid value for --lag-threshold: lots'],
    [['--timeout', '0'], 'Invalid value for --timeout: 0'],
    [['--timeout', 'soon'], 'Invalid value for --timeout: soon'],
  ])('%j is a usage error (exit 2), nothing read', async (argv, message) => {
    const store = new MemoryKvStore(demo())
    const r = await runCommand(Events, argv, { store })
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toContain(message)
    expect(store.watchCount).toBe(0)
  })
})
