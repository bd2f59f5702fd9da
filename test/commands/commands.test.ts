import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import Check from '../../src/commands/check.js'
import DemoteCluster from '../../src/commands/demote-cluster.js'
import Dsn from '../../src/commands/dsn.js'
import EditConfig from '../../src/commands/edit-config.js'
import Failover from '../../src/commands/failover.js'
import Flush from '../../src/commands/flush.js'
import History from '../../src/commands/history.js'
import List from '../../src/commands/list.js'
import Pause from '../../src/commands/pause.js'
import Query from '../../src/commands/query.js'
import Reinit from '../../src/commands/reinit.js'
import Reload from '../../src/commands/reload.js'
import Remove from '../../src/commands/remove.js'
import Restart from '../../src/commands/restart.js'
import ShowConfig from '../../src/commands/show-config.js'
import Switchover from '../../src/commands/switchover.js'
import Topology from '../../src/commands/topology.js'
import Version from '../../src/commands/version.js'
import { runCommand } from '../helpers/command-harness.js'
import { MemoryKvStore, RecordingApi, ScriptedPrompter, fixedClock, unreachable } from '../helpers/fakes.js'
import { clusterRecords, member4 } from '../helpers/records.js'
import { tempDir } from '../helpers/leftovers.js'

/** The command layer through its seam: flags in, the service called, output and exit code out (no servers). */

const MB = 1024 * 1024
const demo = (extra: Parameters<typeof clusterRecords>[0] = {}) =>
  clusterRecords({
    scope: 'demo',
    initialize: '7000',
    config: { ttl: 20, loop_wait: 2, retry_timeout: 5, maximum_lag_on_failover: MB },
    leader: 'pg1',
    optime: 10 * MB,
    history: [[1, 100, 'no recovery target specified', '2026-11-25T17:26:11+00:00', 'pg1']],
    members: {
      pg1: member4(5501, { role: 'primary', timeline: 2 }),
      pg2: member4(5502, { timeline: 2, xlog_location: 10 * MB, pending_restart: true }),
      pg3: member4(5503, { timeline: 2, xlog_location: 10 * MB }),
    },
    ...extra,
  })

const json = (text: string): unknown => JSON.parse(text)

describe('read commands', () => {
  it('list: the scope from the config, any flag order, one JSON document', async () => {
    const r = await runCommand(List, ['-f', 'json', '-e'], { records: demo() })
    expect(r.code).toBe(0)
    const rows = json(r.stdout) as Array<Record<string, unknown>>
    expect(rows.map((x) => [x['Member'], x['Role'], x['Pending restart']])).toEqual([
      ['pg1', 'Leader', null],
      ['pg2', 'Replica', '*'],
      ['pg3', 'Replica', null],
    ])
    expect((await runCommand(List, ['demo', '--json'], { records: demo() })).stdout).toBe(r.stdout)
  })

  it('list -t with JSON: the timestamp on stderr, stdout stays one document', async () => {
    const r = await runCommand(List, ['-t', '--json'], { records: demo() })
    expect(r.stderr).toBe('2026-11-28 12:00:00\n')
    expect(json(r.stdout)).toHaveLength(3)
  })

  it('list of several clusters: one JSON document; an unknown one is an error', async () => {
    const records = [...demo(), ...clusterRecords({ scope: 'other', leader: 'a', members: { a: member4(1) } })]
    const r = await runCommand(List, ['demo', 'other', '--json'], { records })
    expect(new Set((json(r.stdout) as Array<{ Cluster: string }>).map((x) => x.Cluster))).toEqual(
      new Set(['demo', 'other']),
    )
    const missing = await runCommand(List, ['nosuch'], { records })
    expect([missing.code, missing.stderr]).toEqual([1, 'Error: Cluster nosuch not found in memory\n'])
  })

  it('list and topology without a cluster name or scope are usage errors', async () => {
    for (const command of [List, Topology]) {
      const r = await runCommand(command, [], { records: demo(), config: { scope: undefined } })
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/^Error: No cluster names were provided/)
    }
  })

  it('topology --json and --all', async () => {
    const r = await runCommand(Topology, ['--all', '--json'], { records: demo() })
    expect((json(r.stdout) as unknown[]).length).toBe(3)
  })

  it('show-config, history, dsn', async () => {
    expect((await runCommand(ShowConfig, [], { records: demo() })).stdout).toContain('loop_wait: 2\n')
    const h = await runCommand(History, ['-f', 'json'], { records: demo() })
    expect(json(h.stdout)).toEqual([
      {
        TL: 1,
        LSN: 100,
        Reason: 'no recovery target specified',
        Timestamp: '2026-11-25T17:26:11+00:00',
        'New Leader': 'pg1',
      },
    ])
    expect((await runCommand(Dsn, ['-r', 'replica'], { records: demo() })).stdout).toBe('host=127.0.0.1 port=5502\n')
    const both = await runCommand(Dsn, ['-r', 'replica', '-m', 'pg2'], { records: demo() })
    expect([both.code, both.stderr]).toEqual([2, 'Error: --role and --member are mutually exclusive options\n'])
  })

  it('version CLUSTER: each member over REST; an unreachable one exits 4 with an Error line', async () => {
    const api = new RecordingApi((c) => (c.member === 'pg3' ? unreachable('pg3') : { status: 200, text: '{}' }))
    const r = await runCommand(Version, ['demo'], { records: demo(), api })
    expect(r.stdout.split('\n').slice(4, 6)).toEqual([
      'pg1: Patroni 3.0.2 PostgreSQL 15.18',
      'pg2: Patroni 3.0.2 PostgreSQL 15.18',
    ])
    expect([r.code, r.stderr]).toEqual([4, 'Error: could not reach the REST API of pg3 for its version\n'])
  })

  it('query: --file and --command together, or neither, are usage errors', async () => {
    const both = await runCommand(Query, ['-c', 'select 1', '-f', '/etc/hostname'], { records: demo() })
    expect([both.code, both.stderr]).toEqual([2, 'Error: --file and --command are mutually exclusive options\n'])
    const neither = await runCommand(Query, [], { records: demo() })
    expect([neither.code, neither.stderr]).toEqual([2, 'Error: You need to specify either --command or --file\n'])
  })
})

describe('actions', () => {
  it('switchover --candidate --force: the REST call, the lines, exit 0; --json gives the result', async () => {
    const r = await runCommand(Switchover, ['--candidate', 'pg2', '--force', '--json'], { records: demo() })
    expect(r.code, r.stderr).toBe(0)
    expect(r.api.calls).toEqual([
      { method: 'POST /switchover', member: 'pg1', body: { leader: 'pg1', candidate: 'pg2' } },
    ])
    expect(json(r.stdout)).toMatchObject({ action: 'switchover', outcome: 'done', candidate: 'pg2', leader: 'pg1' })
  })

  it('switchover refused (401): exit 1, one Error line, and with --json one error document', async () => {
    const api = new RecordingApi(() => ({ status: 401, text: 'not authenticated' }))
    const r = await runCommand(Switchover, ['--candidate', 'pg2', '--force', '--json'], { records: demo(), api })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      'pre-flight: pg2: eligible\npre-flight: pg3: eligible\nError: Switchover failed, details: 401, not authenticated\n',
    )
    expect(json(r.stdout)).toEqual({
      error: { kind: 'action', exitCode: 1, message: 'Switchover failed, details: 401, not authenticated' },
    })
    expect(r.store.writes).toEqual([])
  })

  it('failover --leader is a switchover (patronictl 3.x), said on stderr', async () => {
    const r = await runCommand(Failover, ['--leader', 'pg1', '--candidate', 'pg3', '--force'], { records: demo() })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr.split('\n')[0]).toBe('failover with --leader is a switchover: running a switchover')
    expect(r.api.calls.map((c) => c.method)).toEqual(['POST /switchover'])
  })

  it('switchover --dry-run sends nothing and prints the request', async () => {
    const r = await runCommand(Switchover, ['--dry-run', '--candidate', 'pg3'], { records: demo() })
    expect(r.code).toBe(0)
    expect(r.api.calls).toEqual([])
    expect(r.stdout).toMatch(
      /^would POST http:\/\/127\.0\.0\.1:9077\/switchover \{"leader":"pg1","candidate":"pg3"\}; nothing was changed$/m,
    )
  })

  it('restart: -r replica, --pending, --dry-run, --parallel', async () => {
    const replicas = await runCommand(Restart, ['demo', '-r', 'replica', '--force'], { records: demo() })
    expect(replicas.api.calls.map((c) => c.member)).toEqual(['pg2', 'pg3'])
    const pending = await runCommand(Restart, ['demo', '--pending', '--force'], { records: demo() })
    expect(pending.api.calls).toEqual([{ method: 'POST /restart', member: 'pg2', body: { restart_pending: true } }])
    const dry = await runCommand(Restart, ['demo', '--dry-run', '--force'], { records: demo() })
    expect(dry.api.calls).toEqual([])
    expect(dry.stdout).toContain('would POST http://127.0.0.1:9077/restart {}')
    const bad = await runCommand(Restart, ['demo', '--parallel', '0', '--force'], { records: demo() })
    expect(bad.code).toBe(2)
  })

  it('restart runs --parallel members at once', async () => {
    let running = 0
    let most = 0
    const api = new RecordingApi((c) => {
      if (c.method === 'POST /restart') {
        running++
        most = Math.max(most, running)
        queueMicrotask(() => running--)
      }
      return c.method === 'POST /restart'
        ? { status: 200, text: 'restarted successfully' }
        : { status: 200, text: '{}' }
    })
    await runCommand(Restart, ['demo', '--force', '--parallel', '3'], { records: demo(), api })
    expect(most).toBe(3)
    most = 0
    await runCommand(Restart, ['demo', '--force', '--parallel', '1'], { records: demo(), api })
    expect(most).toBe(1)
  })

  it('reload -r replica, and a refusal on one member: every outcome printed, then exit 1', async () => {
    const api = new RecordingApi((c) =>
      c.member === 'pg3' ? { status: 500, text: 'oops' } : { status: 202, text: 'reload scheduled' },
    )
    const r = await runCommand(Reload, ['demo', '-r', 'replica', '--force'], { records: demo(), api })
    expect(r.stdout.split('\n').filter((l) => !/^[+|]/.test(l) && l !== '')).toEqual([
      'Reload request received for member pg2 and will be processed within 2 seconds',
      'Failed: reload for member pg3, status code=500, (oops)',
    ])
    expect([r.code, r.stderr]).toEqual([1, 'Error: reload failed on pg3\n'])
  })

  it('reinit and flush', async () => {
    const re = await runCommand(Reinit, ['demo', 'pg3', '--force'], { records: demo() })
    expect(re.api.calls).toEqual([{ method: 'POST /reinitialize', member: 'pg3', body: { force: true } }])
    const fl = await runCommand(Flush, ['demo', 'switchover'], { records: demo() })
    expect(fl.stdout).toBe('No pending scheduled switchover\n')
    const bad = await runCommand(Flush, ['demo', 'everything'], { records: demo() })
    expect(bad.code).toBe(2)
  })

  it('edit-config: -s/-p in any order around the cluster name; --apply - reads stdin; -q', async () => {
    const r = await runCommand(EditConfig, ['-p', 'work_mem=8MB', '--force', 'demo', '-s', 'ttl=30', '-q'], {
      records: demo(),
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('Configuration changed\n')
    expect(JSON.parse(r.store.data.get('/service/demo/config')?.value ?? '{}')).toMatchObject({
      ttl: 30,
      postgresql: { parameters: { work_mem: '8MB' } },
    })
    const fromStdin = await runCommand(EditConfig, ['--apply', '-', '--force'], { records: demo(), stdin: 'ttl: 40\n' })
    expect(fromStdin.code, fromStdin.stderr).toBe(0)
    expect(JSON.parse(fromStdin.store.data.get('/service/demo/config')?.value ?? '{}')).toMatchObject({ ttl: 40 })
  })

  it('pause: PATCH /config to the leader; answered "no"-free, so no prompt at all', async () => {
    const r = await runCommand(Pause, [], { records: demo() })
    expect(r.api.calls).toEqual([{ method: 'PATCH /config', member: 'pg1', body: { pause: true } }])
    expect(r.stdout).toBe('Success: cluster management is paused\n')
  })

  it('remove: scripted confirmations, or the prompts answered; the keys are gone', async () => {
    const r = await runCommand(Remove, ['demo', '--confirm-name', 'demo', '--confirm-leader', 'pg1'], {
      records: demo(),
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.store.data.size).toBe(0)
    const prompted = await runCommand(Remove, ['demo'], {
      records: demo(),
      prompt: new ScriptedPrompter(['demo', 'Yes I am aware', 'pg1']),
    })
    expect(prompted.code, prompted.stderr).toBe(0)
    expect(prompted.store.data.size).toBe(0)
  })

  it('remove works on a cluster whose keys hold garbage', async () => {
    const records = demo().map((r) => (r.key.endsWith('/config') ? { ...r, value: 'not json {' } : r))
    const listed = await runCommand(List, [], { records })
    expect([listed.code, listed.stderr]).toEqual([
      1,
      'Error: Cluster demo: config holds invalid data (not the JSON Patroni writes)\n',
    ])
    const r = await runCommand(Remove, ['demo', '--confirm-name', 'demo', '--confirm-leader', 'pg1'], { records })
    expect(r.code, r.stderr).toBe(0)
    expect(r.store.data.size).toBe(0)
  })

  it('edit-config --replace FILE replaces the whole configuration', async () => {
    const dir = tempDir('ptctl-replace-')
    try {
      const file = join(dir, 'new.yaml')
      writeFileSync(file, 'ttl: 30\nloop_wait: 5\nretry_timeout: 5\n')
      const r = await runCommand(EditConfig, ['--replace', file, '--force'], { records: demo() })
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.store.data.get('/service/demo/config')?.value ?? '{}')).toEqual({
        ttl: 30,
        loop_wait: 5,
        retry_timeout: 5,
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('demote-cluster sends --restore-command and --primary-slot-name, then waits for the standby leader', async () => {
    const store = new MemoryKvStore(demo())
    const api = new RecordingApi((c) => {
      if (c.method === 'PATCH /config') {
        // the agent applies it: its member key soon says standby_leader
        const key = '/service/demo/members/pg1'
        const data = JSON.parse(store.data.get(key)?.value ?? '{}') as Record<string, unknown>
        store.data.set(key, { value: JSON.stringify({ ...data, role: 'standby_leader' }), version: '900' })
        const config = JSON.parse(store.data.get('/service/demo/config')?.value ?? '{}') as Record<string, unknown>
        store.data.set('/service/demo/config', {
          value: JSON.stringify({ ...config, ...(c.body as object) }),
          version: '901',
        })
        return { status: 200, text: JSON.stringify(c.body) }
      }
      return { status: 200, text: '{}' }
    })
    const r = await runCommand(
      DemoteCluster,
      ['--restore-command', 'cp /wal/%f %p', '--primary-slot-name', 'slot1', '--force'],
      { store, api },
    )
    expect(r.code, r.stderr).toBe(0)
    expect(api.calls[0]).toEqual({
      method: 'PATCH /config',
      member: 'pg1',
      body: { standby_cluster: { primary_slot_name: 'slot1', restore_command: 'cp /wal/%f %p' } },
    })
    expect(r.stdout).toMatch(/cluster is successfully demoted/)
  })

  it('check --allow-pending-restart and --allow-paused; --wait-healthy --interval polls until OK', async () => {
    const paused = demo({ config: { ttl: 20, loop_wait: 2, retry_timeout: 5, pause: true } })
    const args = ['--min-replicas', '0', '--max-lag', '100MB']
    const warn = await runCommand(Check, args, { records: paused })
    expect(warn.stdout).toMatch(
      /^CHECK demo WARN - .*pending restart.*maintenance|^CHECK demo WARN - .*maintenance.*pending/,
    )
    expect(warn.code).toBe(1)
    const allowed = await runCommand(Check, [...args, '--allow-pending-restart', '--allow-paused'], { records: paused })
    expect(allowed.stdout.split('\n')[0]).not.toMatch(/pending|maintenance/)
    const clock = fixedClock(Date.UTC(2026, 10, 28, 12))
    const waited = await runCommand(Check, [...args, '--wait-healthy', '--interval', '7', '--timeout', '20'], {
      records: paused,
      clock,
    })
    // never healthy: it polled every 7 s for 20 s, printing the verdict each time, then gave the last one
    expect(waited.stderr.split('\n').filter((l) => l.startsWith('CHECK demo WARN')).length).toBe(3)
    expect(clock.now().getTime() - Date.UTC(2026, 10, 28, 12)).toBe(21_000)
    expect(waited.code).toBe(1)
  })

  it('check: the verdict is the exit code (0/1/2/3)', async () => {
    const ok = await runCommand(Check, ['--min-replicas', '0'], { records: demo() })
    expect(ok.stdout.split('\n')[0]).toMatch(/^CHECK demo/)
    const unknown = await runCommand(Check, ['nosuch'], { records: demo() })
    expect(unknown.code).toBe(3)
  })
})
