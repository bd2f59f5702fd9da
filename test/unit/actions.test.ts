import { PATRONICTL_CONDUCT } from '../../src/services/conduct.js'
import { describe, expect, it } from 'vitest'

import { checkCandidates } from '../../src/cluster/candidates.js'
import { configProblems, editConfig, parseSetting } from '../../src/cluster/config-edit.js'
import { selectMembers } from '../../src/cluster/member-selection.js'
import { isoformat, parseScheduled, pythonStr } from '../../src/cluster/schedule.js'
import { ActionError, OutcomeUnknownError, PtctlError, UsageError, VersionConflictError } from '../../src/errors.js'
import { unifiedDiff } from '../../src/output/unified-diff.js'
import { editClusterConfig } from '../../src/services/edit-config.js'
import { failoverOrSwitchover, type FailoverOptions } from '../../src/services/failover.js'
import { flushSwitchover } from '../../src/services/flush.js'
import { checkPgVersion, restartMembers, type RestartOptions } from '../../src/services/restart.js'
import { togglePause } from '../../src/services/pause.js'
import { removeCluster } from '../../src/services/remove.js'
import { reinitMembers } from '../../src/services/reinit.js'
import { reloadMembers } from '../../src/services/reload.js'
import { throwUnlessAllDone } from '../../src/services/member-outcomes.js'
import { patroniVersionAtLeast } from '../../src/cluster/patroni-version.js'
import { clusterRecords, buildCluster, member4 } from '../helpers/records.js'
import { MemoryKvStore, RecordingApi, ScriptedPrompter, noAnswer, testDeps, unreachable } from '../helpers/fakes.js'
import { systemClock } from '../../src/cli/context.js'

const MB = 1024 * 1024
const demo = (extra: Parameters<typeof clusterRecords>[0] = {}) =>
  clusterRecords({
    scope: 'demo',
    initialize: '1',
    config: { ttl: 20, loop_wait: 2, retry_timeout: 5, maximum_lag_on_failover: MB },
    leader: 'pg1',
    optime: 10 * MB,
    members: {
      pg1: member4(5501, { role: 'master', timeline: 1 }),
      pg2: member4(5502, { timeline: 1, xlog_location: 10 * MB }),
      pg3: member4(5503, { timeline: 1, xlog_location: 10 * MB }),
    },
    ...extra,
  })

const sw = (o: Partial<FailoverOptions> = {}): FailoverOptions => ({
  action: 'switchover',
  scope: 'demo',
  force: true,
  dryRun: false,
  wait: false,
  waitTimeoutMs: 30_000,
  ...o,
})

async function error(p: Promise<unknown>): Promise<PtctlError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  )
  if (!(e instanceof PtctlError)) throw new Error(`expected a PtctlError, got ${String(e)}`)
  return e
}

describe('switchover/failover validation: patronictl messages, nothing sent, nothing written', () => {
  it.each([
    ['switchover on a cluster without leader', demo({ leader: undefined }), sw(), 'This cluster has no leader'],
    ['--leader that is not the leader', demo(), sw({ leader: 'pg2' }), 'Member pg2 is not the leader of cluster demo'],
    [
      'unknown candidate',
      demo(),
      sw({ candidate: 'nosuch' }),
      'Member nosuch does not exist in cluster demo or is tagged as nofailover',
    ],
    ['candidate = leader', demo(), sw({ candidate: 'pg1' }), 'Member pg1 is already the leader of cluster demo'],
    [
      'failover without candidate',
      demo(),
      sw({ action: 'failover' }),
      'Failover could be performed only to a specific candidate',
    ],
    [
      'scheduled unparsable',
      demo(),
      sw({ scheduled: 'garbage' }),
      'Unable to parse scheduled timestamp (garbage). It should be in an unambiguous format (e.g. ISO 8601)',
    ],
    [
      'scheduled in the past',
      demo(),
      sw({ scheduled: '2020-01-01T00:00:00+00:00' }),
      'Cannot schedule switchover in the past',
    ],
    [
      'scheduled while paused',
      demo({ config: { pause: true } }),
      sw({ scheduled: '2030-01-01T00:00:00+00:00' }),
      "Can't schedule switchover in the paused state",
    ],
    [
      'no candidate while paused',
      demo({ config: { pause: true } }),
      sw(),
      'Switchover is possible only to a specific candidate in a paused state',
    ],
  ])('%s', async (_name, records, options, message) => {
    const deps = testDeps(records)
    const e = await error(failoverOrSwitchover(deps, options))
    expect(e.message).toBe(message)
    expect(e).toBeInstanceOf(ActionError)
    expect(deps.apiImpl.calls).toEqual([])
    expect(deps.store.writes).toEqual([])
  })

  it('no candidates at all (only a leader, or only nofailover members)', async () => {
    const records = demo({ members: { pg1: member4(5501), pg2: member4(5502, { tags: { nofailover: true } }) } })
    expect((await error(failoverOrSwitchover(testDeps(records), sw()))).message).toBe(
      'No candidates found to switchover to',
    )
    expect(
      (await error(failoverOrSwitchover(testDeps(records), sw({ action: 'failover', candidate: 'pg2' })))).message,
    ).toBe('No candidates found to failover to')
  })

  it('pre-flight refuses a stopped candidate with the reason, and warns about lag without refusing', async () => {
    const records = demo({
      members: {
        pg1: member4(5501),
        pg2: member4(5502, { xlog_location: 5 * MB }),
        pg3: member4(5503, { state: 'stopped' }),
      },
    })
    const stopped = await error(failoverOrSwitchover(testDeps(records), sw({ candidate: 'pg3' })))
    expect(stopped.message).toBe('Candidate pg3: not eligible: is not running (state: stopped)')
    const lagging = testDeps(records)
    const r = await failoverOrSwitchover(lagging, sw({ candidate: 'pg2' }))
    expect(r.outcome).toBe('done')
    expect(lagging.err).toContain(
      'pre-flight: pg2: eligible (Patroni may refuse it: lags 5242880 bytes behind the leader in the DCS, more than maximum_lag_on_failover (1048576))',
    )
    const onlyStopped = demo({ members: { pg1: member4(5501), pg3: member4(5503, { state: 'stopped' }) } })
    const none = await error(failoverOrSwitchover(testDeps(onlyStopped), sw()))
    expect(none.message).toBe(
      'No eligible candidate for switchover: pg3: not eligible: is not running (state: stopped)',
    )
  })

  it('explains sync-mode ineligibility', () => {
    const c = buildCluster({
      leader: 'a',
      config: { synchronous_mode: true },
      sync: { leader: 'a', sync_standby: 'b' },
      members: { a: member4(1), b: member4(2), c: member4(3, { tags: { nofailover: true } }) },
    })
    const checks = checkCandidates(c, 'switchover')
    expect(checks.find((x) => x.name === 'b')?.eligible).toBe(true)
    expect(checks.find((x) => x.name === 'c')?.reasons).toEqual([
      'is tagged nofailover',
      'is not a synchronous standby (synchronous_mode is on)',
    ])
  })
})

describe('switchover/failover requests', () => {
  it('switchover --force posts leader and candidate to the leader and reports like patronictl', async () => {
    const api = new RecordingApi(() => ({ status: 200, text: 'Successfully switched over to "pg2"' }))
    const deps = testDeps(demo(), { api })
    const r = await failoverOrSwitchover(deps, sw({ candidate: 'pg2' }))
    expect(api.calls).toEqual([
      { method: 'POST /switchover', member: 'pg1', body: { leader: 'pg1', candidate: 'pg2' } },
    ])
    expect(r.outcome).toBe('done')
    expect(deps.out[0]).toBe('Current cluster topology')
    expect(deps.out[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{5} Successfully switched over to "pg2"$/)
  })

  it('failover sends only the candidate; scheduled switchover sends scheduled_at', async () => {
    const api = new RecordingApi(() => ({ status: 202, text: 'Switchover scheduled' }))
    await failoverOrSwitchover(testDeps(demo(), { api }), sw({ action: 'failover', candidate: 'pg3' }))
    await failoverOrSwitchover(testDeps(demo(), { api }), sw({ scheduled: '2030-01-02T03:04:05+01:00' }))
    expect(api.calls.map((c) => c.body)).toEqual([
      { candidate: 'pg3' },
      { leader: 'pg1', candidate: null, scheduled_at: '2030-01-02T03:04:05+01:00' },
    ])
  })

  it('an error status is a failure with exit code 1 (patronictl exits 0)', async () => {
    const api = new RecordingApi(() => ({
      status: 412,
      text: 'switchover is not possible: no good candidates have been found',
    }))
    const e = await error(failoverOrSwitchover(testDeps(demo(), { api }), sw()))
    expect(e.message).toBe(
      'Switchover failed, details: 412, switchover is not possible: no good candidates have been found',
    )
    expect(e.exitCode).toBe(1)
  })

  it('an unreachable agent falls back to writing the failover key, like patronictl', async () => {
    const deps = testDeps(demo(), { api: new RecordingApi((c) => unreachable(c.member)) })
    const r = await failoverOrSwitchover(deps, sw({ candidate: 'pg2' }))
    expect(r.outcome).toBe('dcs-fallback')
    expect(JSON.parse(deps.store.data.get('/service/demo/failover')?.value ?? '')).toEqual({
      leader: 'pg1',
      member: 'pg2',
    })
    expect(deps.out.some((l) => l.endsWith('Could not switchover using Patroni api, falling back to DCS'))).toBe(true)
  })

  it('"status unknown" is followed up in the DCS instead of reported as a failure', async () => {
    const holder: { deps?: ReturnType<typeof testDeps> } = {}
    const api = new RecordingApi(() => {
      // Patroni gave up watching, but the switchover goes on: pg2 takes the lock and runs as the primary
      holder.deps?.store.data.set('/service/demo/leader', { value: 'pg2', version: '1' })
      holder.deps?.store.data.set('/service/demo/members/pg2', {
        value: JSON.stringify(member4(5502, { role: 'master', timeline: 2 })),
        version: '2',
      })
      return { status: 503, text: 'Switchover status unknown' }
    })
    const deps = testDeps(demo(), { api })
    holder.deps = deps
    const r = await failoverOrSwitchover(deps, sw({ candidate: 'pg2' }))
    expect(r.outcome).toBe('done')
    expect(r.message).toBe('Switchover confirmed: pg2 is the new leader')
  })

  it('--wait times out with the last state seen when no new leader appears', async () => {
    const deps = testDeps(demo())
    const e = await error(failoverOrSwitchover(deps, sw({ candidate: 'pg2', wait: true, waitTimeoutMs: 5000 })))
    expect(e.message).toMatch(/^Timed out after 5s waiting for a new running leader \(leader pg1; pg1 running TL1/)
  })

  describe('--wait follows the DCS watch and is done only when every member follows', () => {
    /** Patroni's switchover as the DCS sees it: pg1 demotes, pg2 takes the key and promotes, pg3 follows. */
    function switchoverAgent(deps: { store: MemoryKvStore }, o: { pg1Back: boolean }) {
      return new RecordingApi(() => {
        const put = (key: string, data: Record<string, unknown>) =>
          void deps.store.put(`/service/demo/members/${key}`, JSON.stringify(data))
        void deps.store.deletePrefix('/service/demo/members/pg1')
        void deps.store.put('/service/demo/leader', 'pg2')
        put('pg2', member4(5502, { role: 'master', timeline: 2 }))
        put('pg3', member4(5503, { timeline: 2 }))
        // pg1 comes back as a replica a moment later (its key re-created), or not at all
        if (o.pg1Back) setTimeout(() => put('pg1', member4(5501, { timeline: 2 })), 50)
        return { status: 200, text: 'Successfully switched over to "pg2"' }
      })
    }
    const realTime = (deps: ReturnType<typeof testDeps>) => ({ ...deps, clock: systemClock })

    it('a member whose key is missing is waited for; the story is kept in order', async () => {
      const holder = { store: new MemoryKvStore() }
      const deps = testDeps(demo(), { api: switchoverAgent(holder, { pg1Back: true }) })
      holder.store = deps.store
      const r = await failoverOrSwitchover(realTime(deps), sw({ candidate: 'pg2', wait: true, waitTimeoutMs: 10_000 }))
      expect(r.wait?.newLeader).toBe('pg2')
      const story = r.wait?.events.map((e) => `${e.type} ${e.member ?? ''}`.trim()) ?? []
      expect(story.slice(0, 2)).toEqual(['member-left pg1', 'leader-changed pg2'])
      expect(story.at(-1)).toBe('member-joined pg1')
      expect(deps.err.some((l) => / demo leader-changed pg2 holds the leader key \(was pg1\)$/.test(l))).toBe(true)
    })

    it('a switchover whose old leader does not come back is not done: it times out naming what it saw', async () => {
      const holder = { store: new MemoryKvStore() }
      const deps = testDeps(demo(), { api: switchoverAgent(holder, { pg1Back: false }) })
      holder.store = deps.store
      const e = await error(
        failoverOrSwitchover(realTime(deps), sw({ candidate: 'pg2', wait: true, waitTimeoutMs: 500 })),
      )
      expect(e.message).toMatch(
        /^Timed out after 0.5s waiting for the members to follow pg2 \(leader pg2; pg2 running TL2, pg3 running TL2\)/,
      )
    })

    it('no answer after the request was sent: --wait keeps following the DCS and confirms the leader it sees', async () => {
      const holder = { store: new MemoryKvStore() }
      const deps = testDeps(demo())
      holder.store = deps.store
      const agent = switchoverAgent(holder, { pg1Back: true })
      // the agent carries the switchover out, but its answer never comes (a REST timeout while etcd stalls)
      const api = new RecordingApi((c) => {
        void agent.switchover({ name: 'pg1', apiUrl: 'http://x' }, { leader: 'pg1', candidate: 'pg2' })
        return noAnswer(c.member)
      })
      const r = await failoverOrSwitchover(
        { ...realTime(deps), api: async () => api },
        sw({ candidate: 'pg2', wait: true, waitTimeoutMs: 10_000 }),
      )
      expect([r.outcome, r.message, r.wait?.newLeader]).toEqual([
        'done',
        'Switchover confirmed: pg2 is the new leader',
        'pg2',
      ])
    })

    it("a failover's old leader may be gone for good: done without it", async () => {
      const holder = { store: new MemoryKvStore() }
      const deps = testDeps(demo(), { api: switchoverAgent(holder, { pg1Back: false }) })
      holder.store = deps.store
      const r = await failoverOrSwitchover(
        realTime(deps),
        sw({ action: 'failover', candidate: 'pg2', wait: true, waitTimeoutMs: 10_000 }),
      )
      expect(r.wait?.newLeader).toBe('pg2')
    })
  })

  it('another switchover won: Patroni said so, and that is a failure naming the winner', async () => {
    const api = new RecordingApi(() => ({ status: 200, text: 'Switched over to "pg3" instead of "pg2"' }))
    const e = await error(failoverOrSwitchover(testDeps(demo(), { api }), sw({ candidate: 'pg2' })))
    expect(e).toBeInstanceOf(ActionError)
    expect(e.message).toMatch(/^Switchover went to pg3, not to pg2: another request won/)
  })

  it.each([
    ['an HTML page', () => ({ status: 200, text: '<html><body>Welcome to nginx!</body></html>' })],
    ['a 200 with garbage', () => ({ status: 200, text: 'ok' })],
    ['no answer after the request was sent', (c: { member: string }) => noAnswer(c.member)],
  ])('%s is an unknown outcome (exit 6), never "done", and nothing is written to the DCS', async (_name, respond) => {
    const deps = testDeps(demo(), { api: new RecordingApi(respond) })
    const e = await error(failoverOrSwitchover(deps, sw({ candidate: 'pg2' })))
    expect(e).toBeInstanceOf(OutcomeUnknownError)
    expect(e.exitCode).toBe(6)
    expect(e.message).toMatch(/^Switchover outcome unknown \(.*\): no new leader seen/)
    expect(deps.store.writes).toEqual([])
  })

  it('an agent that refuses (401) is not bypassed through the DCS', async () => {
    const deps = testDeps(demo(), { api: new RecordingApi(() => ({ status: 401, text: 'no auth header received' })) })
    const e = await error(failoverOrSwitchover(deps, sw({ candidate: 'pg2' })))
    expect(e.message).toBe('Switchover failed, details: 401, no auth header received')
    expect(deps.store.writes).toEqual([])
  })

  it('--dry-run prints the plan and sends nothing', async () => {
    const deps = testDeps(demo())
    const r = await failoverOrSwitchover(deps, sw({ force: false, dryRun: true, candidate: 'pg3' }))
    expect(r.outcome).toBe('dry-run')
    expect(r.request).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:9077/switchover',
      body: { leader: 'pg1', candidate: 'pg3' },
    })
    expect(deps.apiImpl.calls).toEqual([])
  })

  it('asks patronictl\'s questions in order and aborts on "no"', async () => {
    const prompt = new ScriptedPrompter(['', 'pg2', 'now', false])
    const e = await error(failoverOrSwitchover(testDeps(demo(), { prompt }), sw({ force: false })))
    expect(prompt.asked).toHaveLength(4)
    expect(prompt.asked[0]).toBe('Primary [pg1]')
    expect(prompt.asked[1]).toBe("Candidate ['pg2', 'pg3'] []")
    expect(prompt.asked[3]).toBe('Are you sure you want to switchover cluster demo, demoting current leader pg1?')
    expect(prompt.asked[2]).toMatch(
      /^When should the switchover take place \(e\.g\. \d{4}-\d\d-\d\dT\d\d:\d\d \) {2}\[now\]$/,
    )
    expect(e.message).toBe('Aborting switchover')
  })

  it('failover to an asynchronous node in sync mode asks first', async () => {
    const records = demo({ config: { synchronous_mode: true }, sync: { leader: 'pg1', sync_standby: 'pg2' } })
    const prompt = new ScriptedPrompter([false])
    const e = await error(
      failoverOrSwitchover(testDeps(records, { prompt }), sw({ action: 'failover', candidate: 'pg3', force: false })),
    )
    expect(prompt.asked).toEqual(['Are you sure you want to failover to the asynchronous node pg3?'])
    expect(e.message).toBe('Aborting failover')
  })
})

describe('member selection, restart, pause, flush', () => {
  const cluster = () =>
    buildCluster({ scope: 'demo', leader: 'pg1', members: { pg1: member4(1), pg2: member4(2), pg3: member4(3) } })
  it.each([
    [[], 'replica', ['pg2', 'pg3']],
    [['pg2'], 'any', ['pg2']],
    [[], 'leader', ['pg1']],
  ] as const)('names %j role %s', (names, role, expected) => {
    expect(selectMembers(cluster(), names, role).map((m) => m.name)).toEqual(expected)
  })
  it('selection errors', () => {
    expect(() => selectMembers(cluster(), ['pg1'], 'replica')).toThrow('No replica among provided members')
    expect(() => selectMembers(cluster(), ['x'], 'any')).toThrow('x is not a member of cluster')
    expect(() => selectMembers(buildCluster({ scope: 'e', initialize: '1' }), [], 'any')).toThrow(
      "e cluster doesn't have any members",
    )
  })

  const restart = (o: Partial<RestartOptions> = {}): RestartOptions => ({
    scope: 'demo',
    names: [],
    role: 'any',
    any: false,
    pending: false,
    force: true,
    dryRun: false,
    parallel: 2,
    random: () => 0,
    ...o,
  })

  it('restart bodies, scheduled restart and version checks', async () => {
    const deps = testDeps(demo())
    await restartMembers(
      deps,
      restart({ names: ['pg2'], scheduled: '2030-01-01T00:00:00+00:00', pgVersion: '15.4', timeout: '30' }),
    )
    expect(deps.apiImpl.calls).toEqual([
      {
        method: 'POST /restart',
        member: 'pg2',
        body: { schedule: '2030-01-01T00:00:00+00:00', postgres_version: '15.4', timeout: '30' },
      },
    ])
    expect(() => checkPgVersion('10')).toThrow('Invalid PostgreSQL version format: X.Y or X.Y.Z is accepted: 10')
    expect(() => checkPgVersion('a.b')).toThrow('Invalid PostgreSQL version: a.b')
  })

  it('restart outcomes: 409 and errors fail the member; a condition that does not hold skips it; others succeed', async () => {
    const api = new RecordingApi((c) =>
      c.member === 'pg2'
        ? { status: 409, text: 'Another restart is already scheduled' }
        : c.member === 'pg3'
          ? { status: 503, text: 'restart conditions are not satisfied' }
          : { status: 200, text: 'restarted successfully' },
    )
    const deps = testDeps(demo(), { api })
    const r = await restartMembers(deps, restart())
    expect(r.members.map((m) => m.message)).toEqual([
      'Success: restart on member pg1',
      'Failed: another restart is already scheduled on member pg2',
      'Skipped: restart on member pg3: restart conditions are not satisfied (no restart pending, or PostgreSQL is not older than the version given)',
    ])
    expect(r.members.map((m) => m.outcome)).toEqual(['done', 'failed', 'skipped'])
    // as patronictl: its words, and the step is still not a failure
    const asPatronictl = testDeps(demo(), { api, conduct: PATRONICTL_CONDUCT })
    const p = await restartMembers(asPatronictl, restart())
    expect(p.members[2]).toMatchObject({
      outcome: 'skipped',
      message: 'Failed: restart for member pg3, status code=503, (restart conditions are not satisfied)',
    })
  })

  it('--any restarts one member; --pending only members pending a restart', async () => {
    const records = demo({ members: { pg1: member4(1), pg2: member4(2, { pending_restart: true }), pg3: member4(3) } })
    const deps = testDeps(records)
    await restartMembers(deps, restart({ pending: true }))
    expect(deps.apiImpl.calls.map((c) => c.member)).toEqual(['pg2'])
    const any = testDeps(records)
    await restartMembers(any, restart({ any: true, random: () => 0.99 }))
    expect(any.apiImpl.calls.map((c) => c.member)).toEqual(['pg3'])
    // a runbook step with nothing to do succeeds, says so on stderr and sends nothing
    const idle = testDeps(demo())
    const nothing = await restartMembers(idle, restart({ pending: true }))
    expect(nothing.members).toEqual([])
    expect(idle.apiImpl.calls).toEqual([])
    expect(idle.err).toEqual(['No member has a pending restart: nothing to do'])
  })

  it('restart confirmation texts', async () => {
    const prompt = new ScriptedPrompter(['2030-01-01T10:00:00+02:00', false])
    const e = await error(
      restartMembers(testDeps(demo(), { prompt }), restart({ force: false, names: ['pg2', 'pg3'] })),
    )
    expect(prompt.asked[1]).toBe(
      'Are you sure you want to schedule restart of members pg2, pg3 at 2030-01-01 10:00:00+02:00?',
    )
    expect(e.message).toBe('Aborted scheduled restart')
  })

  it('pause: already paused, not accessible, member-by-member fallback', async () => {
    expect(
      (
        await error(
          togglePause(testDeps(demo({ config: { pause: true } })), {
            scope: 'demo',
            paused: true,
            wait: false,
          }),
        )
      ).message,
    ).toBe('Cluster is already paused')
    expect((await error(togglePause(testDeps(demo()), { scope: 'demo', paused: false, wait: false }))).message).toBe(
      'Cluster is not paused',
    )
    const api = new RecordingApi((c) =>
      c.member === 'pg1' ? unreachable('pg1') : { status: 200, text: '{"pause":true}' },
    )
    const deps = testDeps(demo(), { api })
    const r = await togglePause(deps, { scope: 'demo', paused: true, wait: false })
    expect(api.calls.map((c) => c.member)).toEqual(['pg1', 'pg2'])
    expect(api.calls[1]?.body).toEqual({ pause: true })
    expect(r.member).toBe('pg2')
    expect(deps.err).toEqual(['Member pg1 is not accessible'])
    const all = await error(
      togglePause(testDeps(demo(), { api: new RecordingApi((c) => unreachable(c.member)) }), {
        scope: 'demo',
        paused: true,
        wait: false,
      }),
    )
    expect(all.message).toBe('Can not find accessible cluster member')
  })

  it('pause --wait reports the members that did not follow', async () => {
    const e = await error(
      togglePause(testDeps(demo()), { scope: 'demo', paused: true, wait: true, waitTimeoutMs: 3000 }),
    )
    expect(e.message).toBe("pg1, pg2, pg3 members didn't recognized pause state after 3 seconds")
  })

  it('flush switchover: nothing scheduled, REST delete, DCS fallback with compare-and-set', async () => {
    const none = testDeps(demo())
    expect((await flushSwitchover(none, { scope: 'demo' })).via).toBe('none')
    const scheduled = demo({ failover: { leader: 'pg1', member: 'pg2', scheduled_at: '2030-01-01T00:00:00+00:00' } })
    const rest = testDeps(scheduled)
    expect((await flushSwitchover(rest, { scope: 'demo' })).via).toBe('rest')
    expect(rest.apiImpl.calls[0]).toEqual({ method: 'DELETE /switchover', member: 'pg1' })
    const dcs = testDeps(scheduled, { api: new RecordingApi((c) => unreachable(c.member)) })
    expect((await flushSwitchover(dcs, { scope: 'demo' })).via).toBe('dcs')
    expect(dcs.store.data.get('/service/demo/failover')?.value).toBe('{}')
  })

  it('flush switchover: members that refuse (401) are never bypassed through the DCS', async () => {
    const scheduled = demo({ failover: { leader: 'pg1', member: 'pg2', scheduled_at: '2030-01-01T00:00:00+00:00' } })
    const deps = testDeps(scheduled, { api: new RecordingApi(() => ({ status: 401, text: 'not authenticated' })) })
    const e = await error(flushSwitchover(deps, { scope: 'demo' }))
    expect(e.message).toMatch(
      /^Failed: the members refused to delete the scheduled switchover .*the DCS was not touched$/,
    )
    expect(deps.store.writes).toEqual([])
  })

  it('a member answering something that is not Patroni makes the outcome unknown (exit 6), the others still done', async () => {
    const api = new RecordingApi((c) =>
      c.member === 'pg2' ? { status: 200, text: '<html>login</html>' } : { status: 202, text: 'reload scheduled' },
    )
    const deps = testDeps(demo(), { api })
    const r = await reloadMembers(deps, { scope: 'demo', names: [], role: 'any', force: true, loopWait: 10 })
    expect(r.members.map((m) => m.outcome)).toEqual(['done', 'unknown', 'done'])
    expect(deps.out.slice(-3)[1]).toMatch(
      /^Unknown: reload for member pg2, unexpected answer \(200, .*\): not Patroni's answer/,
    )
    const e = (() => {
      try {
        throwUnlessAllDone(r, 'reload')
        return undefined
      } catch (x) {
        return x as PtctlError
      }
    })()
    expect(e?.exitCode).toBe(6)
    expect(e?.message).toBe('reload outcome unknown on pg2')
  })
})

describe('reinit', () => {
  it('"already in progress": asks, then retries with force', async () => {
    let calls = 0
    const api = new RecordingApi(() =>
      ++calls === 1
        ? { status: 503, text: 'reinitialize already in progress' }
        : { status: 200, text: 'reinitialize started' },
    )
    const prompt = new ScriptedPrompter([true, true])
    const deps = testDeps(demo(), { api, prompt })
    const r = await reinitMembers(deps, {
      scope: 'demo',
      names: ['pg2'],
      force: false,
      fromLeader: false,
      wait: false,
      waitTimeoutMs: 1000,
    })
    expect(prompt.asked).toEqual([
      'Are you sure you want to reinitialize members pg2?',
      'Do you want to cancel it and reinitialize anyway?',
    ])
    expect(api.calls.map((c) => c.body)).toEqual([{ force: false }, { force: true }])
    expect(r.members[0]?.message).toBe('Success: reinitialize for member pg2')
  })

  it('--wait ends when the member runs a new PostgreSQL that streams from the leader, not before', async () => {
    // pg2 answers: before the request (start 10:00), rebuilding, then running again with a new start time
    const pg2 = [
      { state: 'running', postmaster_start_time: '10:00' },
      { state: 'creating replica' },
      { state: 'running', postmaster_start_time: '10:00' },
      { state: 'running', postmaster_start_time: '10:05' },
      { state: 'running', postmaster_start_time: '10:05' },
    ]
    let leaderPolls = 0
    const api = new RecordingApi(undefined, (member) =>
      member === 'pg1'
        ? { state: 'running', replication: ++leaderPolls >= 4 ? [{ application_name: 'pg2', state: 'streaming' }] : [] }
        : (pg2.shift() ?? { state: 'running', postmaster_start_time: '10:05' }),
    )
    const deps = testDeps(demo(), { api })
    await reinitMembers(deps, {
      scope: 'demo',
      names: ['pg2'],
      force: true,
      fromLeader: false,
      wait: true,
      waitTimeoutMs: 60_000,
    })
    const polls = api.calls.filter((c) => c.method === 'GET /patroni' && c.member === 'pg2').length
    // the running answer with the old start time (3rd) is not completion; the new one only once pg2 streams (5th)
    expect(polls).toBe(5)
    expect(deps.out.at(-1)).toBe('Reinitialize is completed on: pg2')
  })

  it('--wait gives up after its timeout when the member never restarts, naming it and its state', async () => {
    const api = new RecordingApi(undefined, () => ({ state: 'running', postmaster_start_time: '10:00' }))
    const deps = testDeps(demo(), { api })
    const e = await error(
      reinitMembers(deps, {
        scope: 'demo',
        names: ['pg3'],
        force: true,
        fromLeader: false,
        wait: true,
        waitTimeoutMs: 5000,
      }),
    )
    expect(e.message).toBe('Timed out after 5s waiting for reinitialize on: pg3 (running)')
    expect(deps.out).not.toContain('Reinitialize is completed on: pg3')
  })

  it('declining the retry leaves the failure, and the leader is refused', async () => {
    const api = new RecordingApi(() => ({ status: 503, text: 'reinitialize already in progress' }))
    const deps = testDeps(demo(), { api, prompt: new ScriptedPrompter([true, false]) })
    const r = await reinitMembers(deps, {
      scope: 'demo',
      names: ['pg2'],
      force: false,
      fromLeader: false,
      wait: false,
      waitTimeoutMs: 1000,
    })
    expect(r.members[0]).toMatchObject({
      ok: false,
      message: 'Failed: reinitialize for member pg2, status code=503, (reinitialize already in progress)',
    })
    const leader = await error(
      reinitMembers(testDeps(demo()), {
        scope: 'demo',
        names: ['pg1'],
        force: true,
        fromLeader: false,
        wait: false,
        waitTimeoutMs: 1000,
      }),
    )
    expect(leader.message).toBe('No replica among provided members')
  })
})

describe('request bodies per Patroni version', () => {
  it('reinit sends from_leader only when asked, and warns when the agent predates it (Patroni < 4.1)', async () => {
    const records = demo({
      members: {
        pg1: member4(5501, { version: '4.1.4' }),
        pg2: member4(5502, { version: '3.0.2' }),
        pg3: member4(5503, { version: '4.1.0' }),
      },
    })
    const deps = testDeps(records)
    await reinitMembers(deps, {
      scope: 'demo',
      names: ['pg2', 'pg3'],
      force: true,
      fromLeader: true,
      wait: false,
      waitTimeoutMs: 1000,
    })
    expect(deps.apiImpl.calls.map((c) => [c.member, c.body])).toEqual([
      ['pg2', { force: true, from_leader: true }],
      ['pg3', { force: true, from_leader: true }],
    ])
    expect(deps.err).toEqual(['pg2 runs Patroni 3.0.2, which ignores --from-leader'])
    const plain = testDeps(records)
    await reinitMembers(plain, {
      scope: 'demo',
      names: ['pg2'],
      force: true,
      fromLeader: false,
      wait: false,
      waitTimeoutMs: 1000,
    })
    expect(plain.apiImpl.calls[0]?.body).toEqual({ force: true })
  })

  it('failover sends only the candidate, which Patroni 3.x and 4.x agents both accept; switchover names the leader', async () => {
    for (const version of ['3.0.2', '4.1.4']) {
      const records = demo({ members: { pg1: member4(5501, { version }), pg2: member4(5502, { version }) } })
      const f = testDeps(records)
      await failoverOrSwitchover(f, sw({ action: 'failover', candidate: 'pg2' }))
      expect(f.apiImpl.calls[0]?.body).toEqual({ candidate: 'pg2' })
      const s = testDeps(records)
      await failoverOrSwitchover(s, sw({ candidate: 'pg2' }))
      expect(s.apiImpl.calls[0]?.body).toEqual({ leader: 'pg1', candidate: 'pg2' })
    }
  })

  it('compares versions numerically', () => {
    expect(patroniVersionAtLeast('3.0.2', [4, 1])).toBe(false)
    expect(patroniVersionAtLeast('4.1.0', [4, 1])).toBe(true)
    expect(patroniVersionAtLeast('10.0.0', [4, 1])).toBe(true)
    expect(patroniVersionAtLeast(undefined, [4, 1])).toBe(true)
  })
})

describe('edit-config', () => {
  it('parses settings; GUC names keep their dots; null removes and prunes', () => {
    expect(parseSetting('postgresql.parameters.pg_stat_statements.max=1000')).toEqual({
      path: ['postgresql', 'parameters', 'pg_stat_statements.max'],
      value: 1000,
    })
    expect(parseSetting("ttl='30'")).toEqual({ path: ['ttl'], value: '30' })
    expect(() => parseSetting('ttl')).toThrow('Invalid parameter setting ttl')
    expect(() => parseSetting('=1')).toThrow('Invalid parameter setting =1')
    const edited = editConfig(
      { ttl: 20, postgresql: { parameters: { a: 1 } } },
      { set: ['postgresql.parameters.a=null', 'synchronous_mode=true'], pg: ['work_mem=4MB'] },
    )
    expect(edited).toEqual({ ttl: 20, postgresql: { parameters: { work_mem: '4MB' } }, synchronous_mode: true })
    expect(editConfig({ a: { b: 1 } }, { set: ['a.b=null'], pg: [] })).toEqual({})
    expect(editConfig({ ttl: 20, x: 1 }, { replace: { ttl: 30 }, apply: { y: 2 }, set: [], pg: [] })).toEqual({
      ttl: 30,
      y: 2,
    })
  })

  it('refuses what Patroni cannot use; warns of what it bends itself (the timing rule)', () => {
    expect(configProblems({ ttl: '30s' }).errors).toEqual(['ttl must be a whole number of seconds, not "30s"'])
    expect(configProblems({ ttl: 20, loop_wait: 10, retry_timeout: 10 })).toEqual({
      errors: [],
      warnings: [
        'loop_wait + 2 * retry_timeout (30) exceeds ttl (20): Patroni will shorten loop_wait and retry_timeout to fit',
      ],
    })
    // Patroni's own acceptance step: ttl 10 with loop_wait 5 and retry_timeout 5, which Patroni adjusts itself
    expect(configProblems({ ttl: 10, loop_wait: 5, retry_timeout: 5 })).toEqual({
      errors: [],
      warnings: [
        'ttl 10 is below 20: Patroni will use 20',
        'loop_wait + 2 * retry_timeout (15) exceeds ttl (10): Patroni will shorten loop_wait and retry_timeout to fit',
      ],
    })
    expect(configProblems({ loop_wait: 0 }).warnings).toEqual(['loop_wait 0 is below 1: Patroni will use 1'])
    expect(configProblems({ postgresql: { parameters: { max_connections: '500ABC' } } }).errors).toEqual([
      'postgresql.parameters.max_connections must be a whole number, not "500ABC"',
    ])
    expect(
      configProblems({
        ttl: 30,
        loop_wait: 10,
        retry_timeout: 10,
        postgresql: { parameters: { max_connections: 100 } },
      }),
    ).toEqual({ errors: [], warnings: [] })
  })

  it('writes with compare-and-set; a concurrent change is refused', async () => {
    const deps = testDeps(demo(), {
      prompt: {
        confirm: async () => {
          // someone else edits the config while we are asking
          await deps.store.put('/service/demo/config', '{"ttl":99}')
          return true
        },
        input: async () => '',
      },
    })
    const e = await error(
      editClusterConfig(deps, { scope: 'demo', set: ['ttl=30'], pg: [], quiet: false, force: false }),
    )
    expect(e).toBeInstanceOf(VersionConflictError)
    expect(e.message).toBe('Config modification aborted due to concurrent changes')
    expect(e.exitCode).toBe(5)
    expect(deps.store.data.get('/service/demo/config')?.value).toBe('{"ttl":99}')
  })

  it('prints difflib-style diff, "Not changed", and needs --force for stdin', async () => {
    const deps = testDeps(demo())
    await editClusterConfig(deps, { scope: 'demo', set: ['ttl=30'], pg: [], quiet: false, force: true })
    expect(deps.out).toHaveLength(2)
    expect(deps.out[0]).toMatch(/^--- \n\+\+\+ \n@@ /)
    expect(deps.out[0]).toContain('-ttl: 20\n+ttl: 30')
    expect(deps.out[1]).toBe('Configuration changed')
    expect(JSON.parse(deps.store.data.get('/service/demo/config')?.value ?? '{}')).toMatchObject({ ttl: 30 })
    const same = testDeps(demo())
    await editClusterConfig(same, { scope: 'demo', set: ['ttl=20'], pg: [], quiet: false, force: true })
    expect(same.out).toEqual(['Not changed'])
    // the configuration came on stdin, which cannot answer a question too: shown, not written, not a failure
    const fromStdin = testDeps(demo())
    const shown = await editClusterConfig(fromStdin, {
      scope: 'demo',
      set: [],
      pg: [],
      apply: { text: 'ttl: 40', source: 'stdin' },
      quiet: false,
      force: false,
    })
    expect(shown.changed).toBe(false)
    expect(fromStdin.out[1]).toBe('Use --force option to apply changes')
    expect(JSON.parse(fromStdin.store.data.get('/service/demo/config')?.value ?? '{}')).toMatchObject({ ttl: 20 })
  })

  it('-q hides the diff but not "Configuration changed"; "no" writes nothing and is not a failure', async () => {
    const quiet = testDeps(demo())
    await editClusterConfig(quiet, { scope: 'demo', set: ['ttl=30'], pg: [], quiet: true, force: true })
    expect(quiet.out).toEqual(['Configuration changed'])
    const declined = testDeps(demo(), { prompt: new ScriptedPrompter([false]) })
    const r = await editClusterConfig(declined, { scope: 'demo', set: ['ttl=30'], pg: [], quiet: false, force: false })
    expect(r.changed).toBe(false)
    expect(declined.store.writes).toEqual([])
    expect(declined.out).not.toContain('Configuration changed')
  })

  it('an empty or non-mapping --replace/--apply is refused and nothing is written', async () => {
    for (const text of ['', '# only a comment\n', '[1, 2]', 'just text']) {
      const deps = testDeps(demo())
      const e = await error(
        editClusterConfig(deps, {
          scope: 'demo',
          set: [],
          pg: [],
          replace: { text, source: 'stdin' },
          quiet: false,
          force: true,
        }),
      )
      expect(e).toBeInstanceOf(UsageError)
      expect(e.message).toMatch(/nothing written/)
      expect(deps.store.writes).toEqual([])
    }
  })

  it('unified diff matches difflib for additions at the top', () => {
    expect(unifiedDiff('ttl: 20\n', 'loop_wait: 2\nttl: 20\n')).toBe(
      '--- \n+++ \n@@ -1 +1,2 @@\n+loop_wait: 2\n ttl: 20',
    )
  })
})

describe('remove', () => {
  const table = () => 'TABLE'
  it('interactive: the three questions', async () => {
    const prompt = new ScriptedPrompter(['demo', 'Yes I am aware', 'pg1'])
    const deps = testDeps(demo(), { prompt })
    await removeCluster(deps, { scope: 'demo', table })
    expect(prompt.asked).toEqual([
      'Please confirm the cluster name to remove []',
      'You are about to remove all information in DCS for demo, please type: "Yes I am aware" []',
      'This cluster currently is healthy. Please specify the leader name to continue []',
    ])
    expect([...deps.store.data.keys()]).toEqual([])
  })
  it.each([
    [['demox'], 'Cluster names specified do not match'],
    [['demo', 'yes'], 'You did not exactly type "Yes I am aware"'],
    [['demo', 'Yes I am aware', 'pg2'], 'You did not specify the current leader of the cluster'],
  ])('wrong answers %j', async (answers, message) => {
    const deps = testDeps(demo(), { prompt: new ScriptedPrompter(answers) })
    expect((await error(removeCluster(deps, { scope: 'demo', table }))).message).toBe(message)
    expect(deps.store.writes).toEqual([])
  })
  it('scripted: --confirm-name and --confirm-leader', async () => {
    expect((await error(removeCluster(testDeps(demo()), { scope: 'demo', table, confirmName: 'demo' }))).message).toBe(
      'You did not specify the current leader of the cluster',
    )
    const ok = testDeps(demo())
    expect((await removeCluster(ok, { scope: 'demo', table, confirmName: 'demo', confirmLeader: 'pg1' })).removed).toBe(
      true,
    )
  })
})

describe('scheduled times', () => {
  const local = { now: new Date(Date.UTC(2026, 10, 25, 12)), zoneNames: ['UTC', 'UTC'] }
  it('parses ISO forms and prints Python isoformat/str', () => {
    const s = parseScheduled('2026-11-25T18:30:00+02:00', local)
    expect(s && isoformat(s)).toBe('2026-11-25T18:30:00+02:00')
    expect(s && pythonStr(s)).toBe('2026-11-25 18:30:00+02:00')
    const z = parseScheduled('2026-11-25 18:30Z', local)
    expect(z && isoformat(z)).toBe('2026-11-25T18:30:00+00:00')
    expect(parseScheduled('2026-02-30T00:00', local)).toBeUndefined()
    expect(parseScheduled('tomorrow', local)).toBeUndefined()
  })
})

describe('pause during a hand-over', () => {
  it('warns that the cluster may stay leaderless until resume', async () => {
    const moving = testDeps(demo({ failover: { leader: 'pg1', member: 'pg2' } }))
    await togglePause(moving, { scope: 'demo', paused: true, wait: false })
    expect(moving.err).toEqual([
      'Warning: a switchover to pg2 is in progress: pausing now may leave the cluster without a leader until resume',
    ])
    const quiet = testDeps(demo())
    await togglePause(quiet, { scope: 'demo', paused: true, wait: false })
    expect(quiet.err).toEqual([])
  })
})
