import { PTCTL_CONDUCT } from '../../src/services/conduct.js'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { Etcd3Store } from '../../src/dcs/etcd3-store.js'
import { KvDcs } from '../../src/dcs/kv-dcs.js'
import { VersionConflictError } from '../../src/errors.js'
import { editClusterConfig } from '../../src/services/edit-config.js'
import { systemClock } from '../../src/cli/context.js'
import { PTCTL_SHELL, ptctl } from '../helpers/cli.js'
import { TmuxSession } from '../helpers/tmux.js'
import { eventually, readSandboxCluster, sandboxKey, stableDump } from '../helpers/dcs-dump.js'
import { startSandbox, type RunningSandbox } from '../helpers/sandbox.js'
import { tempDir } from '../helpers/leftovers.js'
import { switchoverStory } from '../helpers/switchover-story.js'

let sb: RunningSandbox
let c: string
let port: number
let wrongAuth: string
const dir = tempDir('ptctl-actions-')
const PG = { PGPASSWORD: 'sandbox-superuser' }

beforeAll(async () => {
  sb = await startSandbox({ restAuth: 'admin:s3cret' })
  c = sb.config
  port = sb.state.store.clientPort
  wrongAuth = join(dir, 'wrong-auth.yaml')
  writeFileSync(
    wrongAuth,
    `scope: demo\netcd3:\n  hosts: 127.0.0.1:${port}\nctl:\n  authentication:\n    username: admin\n    password: wrong\n`,
  )
}, 240_000)
afterAll(async () => {
  await sb?.stop()
})

const cluster = () => readSandboxCluster(port)
const leaderName = async () => (await cluster()).leader?.value ?? ''
const replicas = async () => {
  const cl = await cluster()
  return cl.members.filter((m) => m.name !== cl.leader?.value).map((m) => m.name)
}
/** Waits until the cluster is quiet again: a leader, every member running, no pending failover. */
const settled = () =>
  eventually(
    cluster,
    (cl) =>
      cl.leader !== null &&
      cl.members.length === 3 &&
      cl.members.every((m) => m.state === 'running') &&
      !cl.failover?.value.member,
    60_000,
    'a quiet cluster (a leader, three running members, no pending failover)',
  )

describe('bad inputs: one line on stderr, non-zero exit, and no change in the DCS', () => {
  const malformed = join(dir, 'malformed.yaml')
  const badConfig = join(dir, 'bad-values.yaml')
  writeFileSync(malformed, 'ttl: [unclosed\n')
  writeFileSync(badConfig, 'ttl: twenty\n')
  const cases: Array<[string, () => Promise<string[]>, number, RegExp]> = [
    [
      'switchover: unknown cluster',
      async () => ['switchover', 'nosuch', '--force'],
      1,
      /^Error: Cluster nosuch not found/,
    ],
    [
      'switchover: --leader not the leader',
      async () => ['switchover', '--leader', (await replicas())[0] ?? '', '--force'],
      1,
      /^Error: Member pg\d is not the leader of cluster demo$/m,
    ],
    [
      'switchover: unknown candidate',
      async () => ['switchover', '--candidate', 'nosuch', '--force'],
      1,
      /^Error: Member nosuch does not exist in cluster demo or is tagged as nofailover$/m,
    ],
    [
      'switchover: candidate is the leader',
      async () => ['switchover', '--candidate', await leaderName(), '--force'],
      1,
      /^Error: Member pg\d is already the leader of cluster demo$/m,
    ],
    [
      'switchover: --master accepted, still checked',
      async () => ['switchover', '--master', 'nosuch', '--force'],
      1,
      /^Error: Member nosuch is not the leader/,
    ],
    [
      'switchover: unparsable schedule',
      async () => ['switchover', '--scheduled', 'garbage', '--force'],
      1,
      /^Error: Unable to parse scheduled timestamp \(garbage\)/m,
    ],
    [
      'switchover: schedule in the past',
      async () => ['switchover', '--scheduled', '2020-01-01T00:00:00+00:00', '--force'],
      1,
      /^Error: Cannot schedule switchover in the past$/m,
    ],
    [
      'switchover: no terminal and no --force',
      async () => ['switchover'],
      2,
      /^Error: stdin ended before an answer to "Primary \[pg\d\]:": give --leader NAME or --force$/m,
    ],
    [
      'switchover: bad --wait-timeout',
      async () => ['switchover', '--force', '--wait', '--wait-timeout', 'abc'],
      2,
      /^Error: Invalid value for --wait-timeout: abc$/m,
    ],
    [
      'failover: no candidate',
      async () => ['failover', '--force'],
      1,
      /^Error: Failover could be performed only to a specific candidate$/m,
    ],
    [
      'failover: unknown candidate',
      async () => ['failover', '--candidate', 'nosuch', '--force'],
      1,
      /does not exist in cluster demo or is tagged as nofailover/,
    ],
    [
      'failover: candidate is the leader',
      async () => ['failover', '--candidate', await leaderName(), '--force'],
      1,
      /is already the leader of cluster demo/,
    ],
    ['restart: unknown cluster', async () => ['restart', 'nosuch', '--force'], 1, /^Error: Cluster nosuch not found/],
    [
      'restart: unknown member',
      async () => ['restart', 'demo', 'nosuch', '--force'],
      1,
      /^Error: nosuch is not a member of cluster$/m,
    ],
    [
      'restart: --role that the members do not have',
      async () => ['restart', 'demo', await leaderName(), '--role', 'replica', '--force'],
      1,
      /^Error: No replica among provided members$/m,
    ],
    [
      'restart: unknown role',
      async () => ['restart', 'demo', '--role', 'boss', '--force'],
      2,
      /^Error: Invalid value for '--role' \/ '-r': 'boss' is not one of/,
    ],
    [
      'restart: --pg-version without minor',
      async () => ['restart', 'demo', '--pg-version', '10', '--force'],
      2,
      /^Error: Invalid PostgreSQL version format: X.Y or X.Y.Z is accepted: 10$/m,
    ],
    [
      'restart: --pg-version not a number',
      async () => ['restart', 'demo', '--pg-version', 'a.b', '--force'],
      2,
      /^Error: Invalid PostgreSQL version: a.b$/m,
    ],
    [
      'restart: unparsable schedule',
      async () => ['restart', 'demo', '--scheduled', 'soon', '--force'],
      1,
      /^Error: Unable to parse scheduled timestamp \(soon\)/,
    ],
    [
      'restart: schedule in the past',
      async () => ['restart', 'demo', '--scheduled', '2001-01-01T00:00+00:00', '--force'],
      1,
      /^Error: Cannot schedule restart in the past$/m,
    ],
    [
      'restart: --parallel 0',
      async () => ['restart', 'demo', '--parallel', '0', '--force'],
      2,
      /^Error: Parsing --parallel: Expected an integer greater than or equal to 1/,
    ],
    [
      'restart: no terminal and no --force',
      async () => ['restart', 'demo'],
      2,
      /stdin ended before an answer to "When should the restart take place .*": give --scheduled TIME or --force/m,
    ],
    [
      'restart: wrong REST credentials (401)',
      async () => ['-c', wrongAuth, 'restart', 'demo', (await replicas())[0] ?? '', '--force'],
      1,
      /^Error: restart failed on pg\d$/m,
    ],
    [
      'reload: unknown member',
      async () => ['reload', 'demo', 'nosuch', '--force'],
      1,
      /^Error: nosuch is not a member of cluster$/m,
    ],
    [
      'reload: wrong REST credentials (401)',
      async () => ['-c', wrongAuth, 'reload', 'demo', '--force'],
      1,
      /^Error: reload failed on pg1, pg2, pg3$/m,
    ],
    [
      'reinit: the leader',
      async () => ['reinit', 'demo', await leaderName(), '--force'],
      1,
      /^Error: No replica among provided members$/m,
    ],
    [
      'flush: no target',
      async () => ['flush', 'demo'],
      2,
      /^Error: Missing argument '\{restart\|switchover\}'\. Choose from: restart, switchover$/m,
    ],
    [
      'flush: bad target',
      async () => ['flush', 'demo', 'pg1', 'everything'],
      2,
      /'everything' is not one of 'restart', 'switchover'\.$/m,
    ],
    [
      'edit-config: pair without =',
      async () => ['edit-config', '-s', 'ttl', '--force'],
      2,
      /^Error: Invalid parameter setting ttl$/m,
    ],
    [
      'edit-config: non-numeric ttl',
      async () => ['edit-config', '-s', 'ttl=abc', '--force'],
      2,
      /^Error: Refusing the new configuration: ttl must be a whole number/,
    ],
    [
      'edit-config: bad max_connections',
      async () => ['edit-config', '-p', 'max_connections=500ABC', '--force'],
      2,
      /max_connections must be a whole number/,
    ],
    [
      'edit-config: unreadable --apply file',
      async () => ['edit-config', '--apply', '/nonexistent.yaml', '--force'],
      2,
      /^Error: Cannot read file \/nonexistent.yaml: ENOENT$/m,
    ],
    [
      'edit-config: malformed --apply file',
      async () => ['edit-config', '--apply', malformed, '--force'],
      2,
      /is not valid YAML/,
    ],
    [
      'edit-config: --apply with a ttl that is not a number',
      async () => ['edit-config', '--apply', badConfig, '--force'],
      2,
      /ttl must be a whole number/,
    ],
    [
      'edit-config: empty stdin',
      async () => ['edit-config', '--replace', '-', '--force'],
      2,
      /^Error: stdin is empty: nothing written$/m,
    ],
    [
      'edit-config: unknown cluster',
      async () => ['edit-config', 'nosuch', '-s', 'ttl=30', '--force'],
      1,
      /^Error: Cluster nosuch not found/,
    ],
    [
      'remove: wrong cluster name',
      async () => ['remove', 'demo', '--confirm-name', 'other'],
      1,
      /^Error: Cluster names specified do not match$/m,
    ],
    [
      'remove: leader not named',
      async () => ['remove', 'demo', '--confirm-name', 'demo'],
      1,
      /^Error: You did not specify the current leader of the cluster$/m,
    ],
    [
      'remove: wrong leader',
      async () => ['remove', 'demo', '--confirm-name', 'demo', '--confirm-leader', (await replicas())[0] ?? ''],
      1,
      /^Error: You did not specify the current leader of the cluster$/m,
    ],
    ['remove: no terminal and no confirmation flags', async () => ['remove', 'demo'], 2, /give --confirm-name NAME$/m],
    ['resume: not paused', async () => ['resume'], 1, /^Error: Cluster is not paused$/m],
    ['query: neither -c nor -f', async () => ['query'], 2, /^Error: You need to specify either --command or --file$/m],
    [
      'query: -c and -f',
      async () => ['query', '-c', 'select 1', '-f', '/etc/hostname'],
      2,
      /^Error: --file and --command are mutually exclusive options$/m,
    ],
    [
      'query: -r and -m',
      async () => ['query', '-c', 'select 1', '-r', 'replica', '-m', 'pg1'],
      2,
      /^Error: --role and --member are mutually exclusive options$/m,
    ],
    [
      'query: unknown member',
      async () => ['query', '-c', 'select 1', '-m', 'nosuch', '-U', 'postgres'],
      1,
      /^Error: Member nosuch does not exist in cluster demo$/m,
    ],
    [
      'query: SQL error',
      async () => ['query', '-c', 'select nosuch', '-U', 'postgres'],
      1,
      /^Error: ERROR, SQLSTATE: 42703/,
    ],
    [
      'demote-cluster: no remote given',
      async () => ['demote-cluster', '--force'],
      2,
      /^Error: At least --host, --port or --restore-command should be specified$/m,
    ],
    [
      'promote-cluster: not a standby cluster',
      async () => ['promote-cluster', '--force'],
      1,
      /^Error: Cluster is already in the required state$/m,
    ],
  ]

  it.each(cases)('%s', async (_name, args, code, message) => {
    const argv = await args()
    const before = await stableDump(port)
    const r = await ptctl(argv[0] === '-c' ? argv : ['-c', c, ...argv], { env: PG })
    expect(r.stderr).toMatch(message)
    expect(
      r.stderr
        .trimEnd()
        .split('\n')
        .filter((l) => l.startsWith('Error:')),
    ).toHaveLength(1)
    expect(r.code).toBe(code)
    expect(await stableDump(port)).toEqual(before)
  })
})

describe('actions on the real cluster', () => {
  it('switchover --candidate --force --wait: the candidate leads and the others follow its timeline', async () => {
    await settled()
    const [target] = await replicas()
    const old = await leaderName()
    const r = await ptctl([
      '-c',
      c,
      'switchover',
      '--leader',
      old,
      '--candidate',
      target ?? '',
      '--force',
      '--wait',
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout) as {
      outcome: string
      wait: { newLeader: string; secondsToLeader: number; secondsToHealthy: number }
    }
    expect(result.outcome).toBe('done')
    expect(result.wait.newLeader).toBe(target)
    expect(result.wait.secondsToHealthy).toBeGreaterThanOrEqual(result.wait.secondsToLeader)
    const now = await cluster()
    expect(now.leader?.value).toBe(target)
    const tl = now.members.find((m) => m.name === target)?.timeline ?? 0
    for (const m of now.members) expect(m.timeline ?? 0).toBeGreaterThanOrEqual(tl)
    expect(r.stderr).toMatch(/pre-flight: pg\d: eligible/)
  })

  it('events and switchover --wait tell the story of a switchover as the DCS notified it (etcd v3)', async () => {
    await settled()
    await switchoverStory(c, cluster)
  })

  it("switchover without a candidate lets Patroni choose; the pretty output is patronictl's", async () => {
    await settled()
    const old = await leaderName()
    const r = await ptctl(['-c', c, 'switchover', '--force', '--wait'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('Current cluster topology')
    expect(r.stdout).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{5} Successfully switched over to "pg\d"/)
    expect(await leaderName()).not.toBe(old)
  })

  it('failover --candidate --force --wait', async () => {
    await settled()
    const [target] = await replicas()
    const r = await ptctl(['-c', c, 'failover', '--candidate', target ?? '', '--force', '--wait'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(`Successfully failed over to "${target}"`)
    expect(await leaderName()).toBe(target)
  })

  it('scheduled switchover shows in list and is flushed', async () => {
    await settled()
    const when = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, '+00:00')
    const r = await ptctl(['-c', c, 'switchover', '--scheduled', when, '--force'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Switchover scheduled')
    expect((await cluster()).failover?.value.scheduledAt).toBe(when)
    const list = await ptctl(['-c', c, 'list'])
    expect(list.stdout).toContain(` Switchover scheduled at: ${when}`)
    const flush = await ptctl(['-c', c, 'flush', 'demo', 'switchover'])
    expect(flush.code, flush.stderr).toBe(0)
    expect(flush.stdout.trim()).toBe('Success: scheduled switchover deleted')
    expect((await cluster()).failover?.value.scheduledAt).toBeUndefined()
  })

  it('pause --wait, a scheduled switchover refused while paused, resume --wait', async () => {
    const p = await ptctl(['-c', c, 'pause', '--wait'])
    expect(p.code, p.stderr).toBe(0)
    expect(p.stdout).toContain('Success: cluster management is paused')
    const now = await cluster()
    expect(now.config?.value['pause']).toBe(true)
    expect(now.members.map((m) => m.pause)).toEqual([true, true, true])
    const again = await ptctl(['-c', c, 'pause'])
    expect(again.stderr).toBe('Error: Cluster is already paused\n')
    const before = await stableDump(port)
    const when = new Date(Date.now() + 3_600_000).toISOString()
    const sw = await ptctl(['-c', c, 'switchover', '--scheduled', when, '--force'])
    expect(sw.stderr).toMatch(/Error: Can't schedule switchover in the paused state/)
    expect(sw.code).toBe(1)
    expect(await stableDump(port)).toEqual(before)
    const r = await ptctl(['-c', c, 'resume', '--wait'])
    expect(r.code, r.stderr).toBe(0)
    expect((await cluster()).members.map((m) => m.pause)).toEqual([false, false, false])
  })

  it('restart a replica --force --wait; schedule a restart and flush it', async () => {
    await settled()
    const [target] = await replicas()
    const r = await ptctl(['-c', c, 'restart', 'demo', target ?? '', '--force', '--wait'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(`Success: restart on member ${target}`)
    const when = new Date(Date.now() + 3_600_000).toISOString()
    const s = await ptctl(['-c', c, 'restart', 'demo', target ?? '', '--scheduled', when, '--force'])
    expect(s.stdout).toContain(`Success: restart scheduled on member ${target}`)
    const scheduled = await eventually(
      cluster,
      (cl) => cl.members.find((m) => m.name === target)?.scheduledRestart !== undefined,
      15_000,
      `the scheduled restart of ${target} in its member key`,
    )
    expect(scheduled.members.find((m) => m.name === target)?.scheduledRestart?.schedule).toBeDefined()
    const f = await ptctl(['-c', c, 'flush', 'demo', target ?? '', 'restart', '--force'])
    expect(f.stdout).toContain(`Success: flush scheduled restart for member ${target}`)
    const cleared = await eventually(
      cluster,
      (cl) => cl.members.find((m) => m.name === target)?.scheduledRestart === undefined,
      15_000,
      `the scheduled restart of ${target} to be gone`,
    )
    expect(cleared.members.find((m) => m.name === target)?.scheduledRestart).toBeUndefined()
  })

  it('reload --force reaches every member', async () => {
    const r = await ptctl(['-c', c, 'reload', 'demo', '--force', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout) as { members: { member: string; ok: boolean }[] }
    expect(result.members.map((m) => m.ok)).toEqual([true, true, true])
  })

  it('edit-config -s/-p and --apply change the config in the DCS', async () => {
    const r = await ptctl(['-c', c, 'edit-config', '-s', 'ttl=25', '-p', 'work_mem=8MB', '--force'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('+ttl: 25')
    expect(r.stdout).toContain('+    work_mem: 8MB')
    const file = join(dir, 'apply.yaml')
    writeFileSync(file, 'ttl: 20\npostgresql:\n  parameters:\n    work_mem: null\n')
    const a = await ptctl(['-c', c, 'edit-config', '--apply', file, '--force', '-q'])
    expect(a.code, a.stderr).toBe(0)
    // -q hides the diff; the line scripts grep for stays, as with patronictl
    expect(a.stdout).toBe('Configuration changed\n')
    const config = (await cluster()).config?.value as {
      ttl: number
      postgresql: { parameters: Record<string, unknown> }
    }
    expect(config.ttl).toBe(20)
    expect(config.postgresql.parameters['work_mem']).toBeUndefined()
    const same = await ptctl(['-c', c, 'edit-config', '-s', 'ttl=20', '--force'])
    expect(same.stdout.trim()).toBe('Not changed')
  })

  it('edit-config loses a compare-and-set race against a concurrent ptctl and writes nothing', async () => {
    const dcs = new KvDcs(
      new Etcd3Store(
        { kind: 'etcd3', hosts: [`127.0.0.1:${port}`], protocol: 'http', tls: { insecure: false }, section: {} },
        5000,
      ),
      '/service/',
    )
    try {
      const error = await editClusterConfig(
        {
          dcs,
          api: () => Promise.reject(new Error('not used')),
          clock: systemClock,
          report: () => undefined,
          progress: () => undefined,
          topology: () => '',
          note: () => undefined,
          warn: () => undefined,
          generation: () => ({ version: [3, 0, 2], source: 'members', mixed: [] }),
          conduct: PTCTL_CONDUCT,
          prompt: {
            // while we "ask", another ptctl changes the config
            confirm: async () =>
              (await ptctl(['-c', c, 'edit-config', '-s', 'maximum_lag_on_failover=2097152', '--force'])).code === 0,
            input: async () => '',
          },
        },
        { scope: 'demo', set: ['ttl=30'], pg: [], quiet: true, force: false },
      ).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(VersionConflictError)
      const config = (await cluster()).config?.value
      expect(config?.['ttl']).toBe(20)
      expect(config?.['maximum_lag_on_failover']).toBe(2097152)
    } finally {
      await dcs.close()
    }
  })

  it('query runs SQL on the leader and on a replica', async () => {
    const leader = await ptctl(['-c', c, 'query', '-U', 'postgres', '-c', 'SELECT pg_is_in_recovery() AS r'], {
      env: PG,
    })
    expect(leader.stdout).toBe('r\nFalse\n')
    const replica = await ptctl(
      [
        '-c',
        c,
        'query',
        '-U',
        'postgres',
        '-r',
        'replica',
        '-c',
        'SELECT pg_is_in_recovery() AS r',
        '--format',
        'json',
      ],
      { env: PG },
    )
    expect(JSON.parse(replica.stdout)).toEqual([{ r: true }])
    const delimited = await ptctl(
      ['-c', c, 'query', '-U', 'postgres', '--delimiter', ';', '-c', 'SELECT 1 AS a, 2 AS b'],
      { env: PG },
    )
    expect(delimited.stdout).toBe('a;b\n1;2\n')
  })

  it('reinit a replica --force --wait rebuilds it', async () => {
    await settled()
    const [target] = await replicas()
    const r = await ptctl(['-c', c, 'reinit', 'demo', target ?? '', '--force', '--wait'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(`Success: reinitialize for member ${target}`)
    expect(r.stdout).toContain(`Reinitialize is completed on: ${target}`)
    await settled()
  })

  it("a frozen leader's agent: the outcome is unknown (exit 6) within --timeout, and nothing is written to the DCS", async () => {
    await settled()
    const leader = await leaderName()
    const [target] = await replicas()
    const pid = sb.state.nodes.find((n) => n.name === leader)?.pid
    // only a PID the sandbox recorded is ever signalled
    if (pid === undefined || pid <= 1) throw new Error(`no recorded PID for ${leader}`)
    const before = await stableDump(port)
    // freeze the leader's Patroni: its REST port accepts the request and never answers. Patroni's own failover
    // needs the 20 s lease to expire, far longer than this, so nothing here races with it.
    process.kill(pid, 'SIGSTOP')
    let r: Awaited<ReturnType<typeof ptctl>>
    let after: Record<string, string>
    try {
      r = await ptctl(['-c', c, '--timeout', '2', 'failover', '--candidate', target ?? '', '--force'])
      // read while the leader is still frozen: once it runs again it reads the request ptctl sent and may well
      // carry it out (which is why the outcome is "unknown"); what is checked here is that ptctl wrote nothing
      after = await stableDump(port)
    } finally {
      process.kill(pid, 'SIGCONT')
    }
    expect(r.code, r.stderr).toBe(6)
    expect(r.stderr).toMatch(
      /^Error: Failover outcome unknown \(pg\d: cannot reach http:\/\/127\.0\.0\.1:\d+\/failover: no answer within 2s\)/m,
    )
    // the request timed out after 2 s, then one DCS read: far from Patroni's 45 s minimum of old
    expect(r.ms).toBeLessThan(15_000)
    expect(after).toEqual(before)
    expect(r.stdout).not.toMatch(/falling back to DCS/)
  })

  it('demote-cluster then promote-cluster', async () => {
    await settled()
    const d = await ptctl(['-c', c, 'demote-cluster', '--host', '127.0.0.1', '--port', '9', '--force'])
    expect(d.code, d.stderr).toBe(0)
    expect(d.stdout).toMatch(/cluster is successfully demoted/)
    expect((await ptctl(['-c', c, 'list'])).stdout).toContain('Standby Leader')
    const p = await ptctl(['-c', c, 'promote-cluster', '--force'])
    expect(p.code, p.stderr).toBe(0)
    expect(p.stdout).toMatch(/cluster is successfully promoted/)
  })

  it('restart --rolling: replicas, switchover, then the old leader', async () => {
    await settled()
    const old = await leaderName()
    const r = await ptctl(['-c', c, 'restart', 'demo', '--rolling', '--force', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const steps = (JSON.parse(r.stdout) as { steps: { step: string }[] }).steps.map((s) => s.step)
    expect(steps).toHaveLength(4)
    expect(steps[2]).toMatch(new RegExp(`^switchover ${old} -> pg\\d$`))
    expect(steps[3]).toBe(`restart ${old}`)
    expect(await leaderName()).not.toBe(old)
  })

  it('remove with --confirm-name/--confirm-leader wipes the keys, and the running cluster re-forms', async () => {
    await settled()
    const leader = await leaderName()
    const before = (await cluster()).initialize
    const versionBefore = Number((await sandboxKey(port, 'initialize'))?.version)
    const r = await ptctl([
      '-c',
      c,
      'remove',
      'demo',
      '--confirm-name',
      'demo',
      '--confirm-leader',
      leader,
      '-f',
      'json',
    ])
    expect(r.code, r.stderr).toBe(0)
    expect((JSON.parse(r.stdout) as { Member: string }[]).map((row) => row.Member)).toEqual(['pg1', 'pg2', 'pg3'])
    // the keys were deleted: Patroni re-creates `initialize` (same system id) under a new revision
    const recreated = await eventually(
      () => sandboxKey(port, 'initialize'),
      (k) => k !== undefined && Number(k.version) > versionBefore,
      60_000,
      'Patroni to re-create the initialize key',
    )
    expect(recreated?.value).toBe(before)
    const back = await eventually(
      cluster,
      (cl) => cl.leader !== null && cl.members.length === 3 && cl.initialize !== null,
      60_000,
      'the cluster to re-form (leader, three members, initialize)',
    )
    expect(back.leader).not.toBeNull()
  })
})

describe('interactive prompts on a real terminal (tmux)', () => {
  it("switchover asks patronictl's questions and acts on the answers", async () => {
    await settled()
    const [target] = await replicas()
    const leader = await leaderName()
    const tmux = await TmuxSession.start(
      `ptctl-e2e-${process.pid}`,
      `${PTCTL_SHELL} -c ${c} switchover demo; echo "EXIT=$?"; sleep 60`,
    )
    try {
      await tmux.answer(`Primary (${leader})`, ['Enter'])
      await tmux.answer("Candidate ['", [target ?? '', 'Enter'])
      await tmux.answer('When should the switchover take place', ['Enter'])
      await tmux.answer(`Are you sure you want to switchover cluster demo, demoting current leader ${leader}?`, [
        'y',
        'Enter',
      ])
      const screen = await tmux.waitFor(/EXIT=\d+/, 60_000)
      expect(screen).toContain(`Successfully switched over to "${target}"`)
      expect(screen).toContain('EXIT=0')
    } finally {
      await tmux.kill()
    }
    expect(await leaderName()).toBe(target)
  })

  it('edit-config opens $EDITOR on a terminal, shows the diff and asks before writing', async () => {
    const editor = join(dir, 'editor.sh')
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/^ttl: .*/ttl: 24/" "$1"\n', { mode: 0o755 })
    const tmux = await TmuxSession.start(
      `ptctl-e2e-ed-${process.pid}`,
      `EDITOR=${editor} ${PTCTL_SHELL} -c ${c} edit-config demo; echo "EXIT=$?"; sleep 60`,
    )
    try {
      await tmux.answer('Apply these changes?', ['y', 'Enter'])
      const screen = await tmux.waitFor(/EXIT=\d+/)
      expect(screen).toContain('+ttl: 24')
      expect(screen).toContain('Configuration changed')
      expect(screen).toContain('EXIT=0')
    } finally {
      await tmux.kill()
    }
    expect((await cluster()).config?.value['ttl']).toBe(24)
  })

  it('answering no aborts, exits 1 and changes nothing', async () => {
    await settled()
    const before = await stableDump(port)
    const tmux = await TmuxSession.start(
      `ptctl-e2e-no-${process.pid}`,
      `${PTCTL_SHELL} -c ${c} remove demo; echo "EXIT=$?"; sleep 60`,
    )
    try {
      await tmux.answer('Please confirm the cluster name to remove', ['d', 'e', 'm', 'o', 'Enter'])
      await tmux.answer('please type: "Yes I am aware"', ['n', 'o', 'p', 'e', 'Enter'])
      const screen = await tmux.waitFor(/EXIT=\d+/)
      expect(screen).toContain('Error: You did not exactly type "Yes I am aware"')
      expect(screen).toContain('EXIT=1')
    } finally {
      await tmux.kill()
    }
    expect(await stableDump(port)).toEqual(before)
  })
})
