import { spawn } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { isRunning } from '../../src/sandbox/processes.js'
import { closedPort, startBlackHole } from '../helpers/etcd-server.js'
import { PTCTL, patronictl, ptctl, ptctlUntil, run, type CliResult } from '../helpers/cli.js'
import { eventually, readSandboxCluster } from '../helpers/dcs-dump.js'
import { parsePrometheus } from '../helpers/prometheus.js'
import { startSandbox, type RunningSandbox } from '../helpers/sandbox.js'
import { tempDir, trackProcess } from '../helpers/leftovers.js'

let sb: RunningSandbox
let c: string
const etcdUrl = () => `etcd3://127.0.0.1:${sb.state.store.clientPort}`

beforeAll(async () => {
  sb = await startSandbox()
  c = sb.config
})
afterAll(async () => {
  await sb?.stop()
  // down stops exactly what up started: every recorded PID is gone
  for (const p of [sb.state.store, ...sb.state.nodes]) expect(isRunning(p), p.name).toBe(false)
})

type Row = Record<string, unknown>

describe('read commands on a real Patroni 3.0.2 cluster (etcd v3)', () => {
  it("list: the pretty table of Patroni 3.0.2's generation (Lag in MB), the system id, three members, one leader", async () => {
    const r = await ptctl(['-c', c, 'list'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^\+ Cluster: demo \(\d+\) -+\+/)
    expect(lines[1]).toBe('| Member | Host            | Role    | State   | TL | Lag in MB |')
    expect(lines.filter((l) => l.includes('| Leader '))).toHaveLength(1)
    expect(lines).toHaveLength(7)
    // the 4.1 columns when asked for
    const as41 = await ptctl(['-c', c, 'list', '--layout', '4.1'])
    expect(as41.stdout.split('\n')[1]).toBe(
      '| Member | Host            | Role    | State   | TL | Receive LSN | Lag | Replay LSN | Lag |',
    )
  })

  it('list -f json: member, role, state and TL agree with the real patronictl', async () => {
    const [ours, theirs] = await Promise.all([
      ptctl(['-c', c, 'list', '-f', 'json']),
      patronictl(['-c', c, 'list', '-f', 'json']),
    ])
    expect(ours.code).toBe(0)
    expect(theirs.code).toBe(0)
    const pick = (rows: Row[]) => rows.map((r) => [r['Member'], r['Role'], r['State'], r['TL'], r['Host']])
    expect(pick(JSON.parse(ours.stdout) as Row[])).toEqual(pick(JSON.parse(theirs.stdout) as Row[]))
  })

  it('--json is the same single document as -f json, with every key present', async () => {
    const [a, b] = await Promise.all([ptctl(['-c', c, 'list', '--json']), ptctl(['-c', c, 'list', '-f', 'json'])])
    const rows = JSON.parse(a.stdout) as Row[]
    expect(rows.map((r) => r['Member'])).toEqual((JSON.parse(b.stdout) as Row[]).map((r) => r['Member']))
    for (const row of rows) expect(Object.keys(row)).toHaveLength(11)
    expect(rows.find((r) => r['Role'] === 'Leader')?.['Lag in MB']).toBeNull()
  })

  it('list -f tsv and -f yaml', async () => {
    const tsv = await ptctl(['-c', c, 'list', '-f', 'tsv'])
    expect(tsv.stdout.split('\n')[0]).toBe('Cluster\tMember\tHost\tRole\tState\tTL\tLag in MB')
    const yaml = await ptctl(['-c', c, 'list', '-f', 'yaml'])
    // keys sorted as PyYAML sorts them; a replica's lag comes between Host and Member
    expect(yaml.stdout).toMatch(
      /^- Cluster: demo\n {2}Host: 127\.0\.0\.1:\d+\n( {2}Lag in MB: \d+\n)? {2}Member: pg1\n/,
    )
    expect(yaml.stdout.endsWith('\n\n')).toBe(true)
  })

  it('list --all finds the cluster in the namespace; -t prints a timestamp first', async () => {
    const all = await ptctl(['-c', c, 'list', '--all', '-f', 'json'])
    expect(new Set((JSON.parse(all.stdout) as Row[]).map((r) => r['Cluster']))).toEqual(new Set(['demo']))
    const ts = await ptctl(['-c', c, 'list', '-t'])
    expect(ts.stdout.split('\n')[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
  })

  const titles = (out: string) => out.split('\n').filter((l) => l.startsWith('+ Cluster: demo')).length

  it('-w refreshes until interrupted; -t with JSON keeps stdout one document per tick', async () => {
    // no terminal: no screen clearing, one table per draw
    const r = await ptctlUntil(['-c', c, 'list', '-w', '0.5'], (out) => titles(out) >= 2)
    expect(r.code).toBe(130)
    expect(r.stdout).not.toContain('\x1b[2J')
    const ts = await ptctl(['-c', c, 'list', '-t', '-f', 'json'])
    expect(JSON.parse(ts.stdout)).toHaveLength(3)
    expect(ts.stderr).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n$/)
  })

  it('-W, topology -w and -W draw again at least every interval, until interrupted', async () => {
    for (const args of [
      ['list', '-W'],
      ['topology', '-w', '0.5'],
      ['topology', '-W'],
    ]) {
      const r = await ptctlUntil(['-c', c, ...args], (out) => titles(out) >= 2)
      expect(r.code, args.join(' ')).toBe(130)
    }
  })

  it('list -W draws again when the DCS notifies a change, from one read: no polling', async () => {
    let paused = false
    const r = await ptctlUntil(
      ['-c', c, 'list', '-W'],
      (out) => {
        if (!paused && titles(out) >= 1) {
          paused = true
          void ptctl(['-c', c, 'pause'])
        }
        return out.includes('Maintenance mode: on')
      },
      { env: { PTCTL_DCS_STATS: '1' } },
    )
    expect((await ptctl(['-c', c, 'resume', '--wait'])).code).toBe(0)
    // one read of the cluster; everything after it came as change notifications
    expect(r.stderr).toMatch(/^dcs round trips: 1 \(\+\d+ watch notifications\)$/m)
  })

  it('PTCTL_DCS_STATS counts the DCS round trips: one read for list', async () => {
    const r = await ptctl(['-c', c, 'list'], { env: { PTCTL_DCS_STATS: '1' } })
    expect(r.stderr).toBe('dcs round trips: 1\n')
  })

  it('list pretty, tsv and yaml: every field patronictl 3.0.2 prints agrees (member, host, role, state, TL, lag)', async () => {
    // Patroni rewrites its member keys as it runs: compare the two tools (and the DCS) only over a window in which
    // no member's position moved, so that all three saw the same state
    const positions = async () => {
      const now = await readSandboxCluster(sb.state.store.clientPort)
      return { cl: now, key: JSON.stringify(now.members.map((m) => [m.name, m.xlogLocation, m.state, m.timeline])) }
    }
    let window: { cl: Awaited<ReturnType<typeof readSandboxCluster>>; ours: CliResult; theirs: CliResult } | undefined
    for (let attempt = 0; attempt < 10 && window === undefined; attempt++) {
      const before = await positions()
      const [ours, theirs] = await Promise.all([
        ptctl(['-c', c, 'list', '-f', 'tsv']),
        patronictl(['-c', c, 'list', '-f', 'tsv']),
      ])
      if ((await positions()).key === before.key) window = { cl: before.cl, ours, theirs }
    }
    if (window === undefined) throw new Error('the member keys moved during each of 10 attempts to read them')
    const { ours, theirs } = window
    const table = (text: string) => {
      // only the final newline goes: the last row's empty lag cell is a trailing tab
      const [head = '', ...rows] = text.replace(/\n$/, '').split('\n')
      const keys = head.split('\t')
      return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [keys[i] ?? '', v])))
    }
    const mine = table(ours.stdout)
    const patronis = table(theirs.stdout)
    expect(mine.map((r) => [r['Cluster'], r['Member'], r['Host'], r['Role'], r['State'], r['TL']])).toEqual(
      patronis.map((r) => [r['Cluster'], r['Member'], r['Host'], r['Role'], r['State'], r['TL']]),
    )
    // the one lag column of Patroni 3.0.2's generation, from xlog_location; the leader has none
    expect(mine.map((r) => r['Lag in MB'])).toEqual(patronis.map((r) => r['Lag in MB']))
    const yamlOf = async (tool: typeof ptctl) => (await tool(['-c', c, 'list', '-f', 'yaml'])).stdout
    const [y1, y2] = await Promise.all([yamlOf(ptctl), yamlOf(patronictl)])
    const fields = (y: string) =>
      y.split('\n').filter((l) => /^ {2}(Member|Host|Role|State|TL):/.test(l) || l.startsWith('- Cluster'))
    expect(fields(y1)).toEqual(fields(y2))
    const pretty = (await ptctl(['-c', c, 'list'])).stdout
      .split('\n')
      .filter((l) => l.startsWith('| pg'))
      .map((l) =>
        l
          .slice(1, -1)
          .split('|')
          .map((x) => x.trim()),
      )
    expect(pretty.map((cells) => cells.slice(0, 6))).toEqual(
      mine.map((r) => [r['Member'], r['Host'], r['Role'], r['State'], r['TL'], r['Lag in MB']]),
    )
  })

  it('a DCS ptctl does not support: exit 2 naming it', async () => {
    for (const [flag, kind] of [['exhibitor://127.0.0.1:8181', 'exhibitor']] as const) {
      const r = await ptctl(['-d', flag, 'list', 'demo'])
      expect([r.code, r.stderr]).toEqual([
        2,
        `Error: The ${kind} DCS is not supported by ptctl (supported: etcd3, etcd, zookeeper, consul)\n`,
      ])
    }
    const dir = tempDir('ptctl-raft-')
    try {
      writeFileSync(join(dir, 'raft.yml'), 'scope: demo\nraft:\n  data_dir: /tmp/x\n  self_addr: 127.0.0.1:5010\n')
      const r = await ptctl(['-c', join(dir, 'raft.yml'), 'list'])
      expect([r.code, r.stderr]).toEqual([
        2,
        'Error: The raft DCS is not supported by ptctl (supported: etcd3, etcd, zookeeper, consul)\n',
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('dsn --uri: libpq (psql) finds the primary through the multi-host URI, also after a switchover; -r replica a standby', async () => {
    const psql = (uri: string) =>
      run('/usr/lib/postgresql/15/bin/psql', [uri, '-tAc', 'select pg_is_in_recovery(), inet_server_port()'], {
        env: { PGPASSWORD: 'sandbox-superuser', PGCONNECT_TIMEOUT: '5' },
      })
    const primary = await ptctl(['-c', c, 'dsn', '--uri', '--user', 'postgres'])
    expect(primary.code, primary.stderr).toBe(0)
    const uri = primary.stdout.trim()
    expect(uri).toMatch(
      /^postgresql:\/\/postgres@(127\.0\.0\.1:\d+,){2}127\.0\.0\.1:\d+\/postgres\?target_session_attrs=read-write$/,
    )
    const portOf = (name: string | undefined) => String(sb.state.nodes.find((n) => n.name === name)?.pgPort)
    const leaderNow = async () => (await readSandboxCluster(sb.state.store.clientPort)).leader?.value
    const before = await psql(uri)
    expect(before.stdout.trim()).toBe(`f|${portOf(await leaderNow())}`)
    const replica = await ptctl(['-c', c, 'dsn', '--uri', '-r', 'replica', '--user', 'postgres'])
    expect((await psql(replica.stdout.trim())).stdout.trim()).toMatch(/^t\|\d+$/)
    const sw = await ptctl(['-c', c, 'switchover', '--force', '--wait'])
    expect(sw.code, sw.stderr).toBe(0)
    // the same URI, printed before the switchover: libpq goes on to the new primary
    const after = await psql(uri)
    expect(after.stdout.trim()).toBe(`f|${portOf(await leaderNow())}`)
    expect(after.stdout).not.toBe(before.stdout)
  })

  it('check --all on the real cluster: one summary line, the count line; --format prometheus read by the official parser', async () => {
    await eventually(
      () => ptctl(['-c', c, 'check', '--min-replicas', '2']),
      (r) => r.code === 0,
      90_000,
      'the cluster to be healthy',
    )
    const all = await ptctl(['-c', c, 'check', '--all', '--min-replicas', '2'])
    expect(all.code, all.stdout).toBe(0)
    expect(all.stdout).toMatch(/^CHECK demo OK\nCHECK 1 cluster OK - 1 OK, 0 WARN, 0 CRIT, 0 UNKNOWN\n$/)
    const both = await ptctl(['-c', c, 'check', 'demo', 'nosuch'])
    expect(both.code).toBe(3)
    expect(both.stdout.split('\n')[1]).toMatch(/^CHECK nosuch UNKNOWN - dcs: Cluster nosuch not found/)
    const prom = await ptctl(['-c', c, 'check', '--all', '--format', 'prometheus', '--min-replicas', '2'])
    expect(prom.code).toBe(0)
    const families = await parsePrometheus(prom.stdout)
    const samples = (name: string) => families.find((f) => f.name === name)?.samples ?? []
    expect(samples('ptctl_cluster_status')).toEqual([
      { name: 'ptctl_cluster_status', labels: { cluster: 'demo' }, value: 0 },
    ])
    expect(samples('ptctl_member_agent_up').map((s) => s.value)).toEqual([1, 1, 1])
    expect(
      samples('ptctl_member_role')
        .filter((s) => s.value === 1)
        .map((s) => s.labels['role'])
        .sort(),
    ).toEqual(['leader', 'replica', 'replica'])
  })

  it('query -w reads the cluster again every time: after a switchover it queries the new leader', async () => {
    const child = spawn(
      PTCTL[0],
      [...PTCTL.slice(1), '-c', c, 'query', '-U', 'postgres', '-w', '0.5', '-c', 'select pg_is_in_recovery() as r'],
      {
        env: { ...process.env, PGPASSWORD: 'sandbox-superuser' },
      },
    )
    trackProcess(child.pid)
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    try {
      await eventually(
        async () => out,
        (o) => o.includes('False'),
        20_000,
        'query -w to print its first result',
      )
      const sw = await ptctl(['-c', c, 'switchover', '--force', '--wait'])
      expect(sw.code, sw.stderr).toBe(0)
      const mark = out.length
      // two results after the switchover, both from a primary
      await eventually(
        async () => out.slice(mark),
        (o) => o.split('\n').filter((l) => l === 'False' || l === 'True').length >= 2,
        20_000,
        'two results after the switchover',
      )
      expect(
        out
          .slice(mark)
          .split('\n')
          .filter((l) => l === 'False' || l === 'True')
          .slice(-2),
      ).toEqual(['False', 'False'])
    } finally {
      child.kill('SIGTERM')
    }
  })

  it('topology puts the leader first and indents the replicas', async () => {
    const r = await ptctl(['-c', c, 'topology'])
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Member'))
    expect(rows[0]).toMatch(/\| Leader /)
    expect(rows.slice(1)).toHaveLength(2)
    for (const row of rows.slice(1)) expect(row).toMatch(/^\| \+ pg\d /)
  })

  it('show-config and history are byte-for-byte what patronictl prints', async () => {
    for (const cmd of [['show-config'], ['history'], ['show-config', 'demo'], ['history', '-f', 'tsv']]) {
      const [ours, theirs] = await Promise.all([ptctl(['-c', c, ...cmd]), patronictl(['-c', c, ...cmd])])
      expect(ours.stdout, cmd.join(' ')).toBe(theirs.stdout)
      expect(ours.code).toBe(0)
    }
  })

  it('dsn of the leader and of a member agree with patronictl', async () => {
    for (const cmd of [['dsn'], ['dsn', '-m', 'pg2'], ['dsn', 'demo', '--member', 'pg3']]) {
      const [ours, theirs] = await Promise.all([ptctl(['-c', c, ...cmd]), patronictl(['-c', c, ...cmd])])
      expect(ours.stdout, cmd.join(' ')).toBe(theirs.stdout)
    }
    const replica = await ptctl(['-c', c, 'dsn', '-r', 'replica', '--json'])
    expect(JSON.parse(replica.stdout)).toMatchObject({
      dsn: expect.stringMatching(/^host=127\.0\.0\.1 port=\d+$/) as unknown,
    })
  })

  it('version with a cluster asks every agent over REST, like patronictl', async () => {
    const [ours, theirs] = await Promise.all([
      ptctl(['-c', c, 'version', 'demo']),
      patronictl(['-c', c, 'version', 'demo']),
    ])
    expect(ours.code).toBe(0)
    // ptctl's own line, the patronictl it answers as (the one patronictl prints), then which build it is
    expect(ours.stdout.split('\n')[1]).toMatch(/^patronictl version 3\.0\.2 \(/)
    expect(ours.stdout.split('\n')[2]).toMatch(/^ptctl build: /)
    expect(theirs.stdout.split('\n')[0]).toBe('patronictl version 3.0.2')
    expect(ours.stdout.split('\n').slice(3)).toEqual(theirs.stdout.split('\n').slice(1))
    const one = await ptctl(['-c', c, 'version', 'demo', 'pg2', '--json'])
    expect(JSON.parse(one.stdout)).toMatchObject({
      members: [{ member: 'pg2', patroni: '3.0.2', postgresql: expect.stringMatching(/^15\./) as unknown }],
    })
  })

  it('takes the config from PATRONICTL_CONFIG_FILE, and the DCS from -d with the scope as argument', async () => {
    const env = await ptctl(['list', '-f', 'json'], { env: { PATRONICTL_CONFIG_FILE: c } })
    expect((JSON.parse(env.stdout) as Row[]).length).toBe(3)
    const url = await ptctl(['-d', etcdUrl(), 'list', 'demo', '-f', 'json'])
    expect(url.code).toBe(0)
    expect((JSON.parse(url.stdout) as Row[]).length).toBe(3)
    const envScope = await ptctl(['-d', etcdUrl(), 'list', '-f', 'json'], { env: { PATRONI_SCOPE: 'demo' } })
    expect((JSON.parse(envScope.stdout) as Row[]).length).toBe(3)
  })

  it('reads a Patroni node config as it is', async () => {
    const r = await ptctl(['-c', sb.state.nodes[0]?.configFile ?? '', 'list', '-f', 'json'])
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as Row[]).length).toBe(3)
  })
})

describe('sandbox status', () => {
  it('shows every process it started as running, and the config to use', async () => {
    const r = await ptctl(['sandbox', 'status', '--dir', sb.state.dir, '--json'])
    const status = JSON.parse(r.stdout) as { config: string; processes: { name: string; running: boolean }[] }
    expect(status.config).toBe(c)
    expect(status.processes.map((p) => [p.name, p.running])).toEqual([
      ['etcd', true],
      ['pg1', true],
      ['pg2', true],
      ['pg3', true],
    ])
  })
})

describe('bad inputs: one line on stderr, non-zero exit, nothing on stdout', () => {
  const dir = tempDir('ptctl-bad-')
  const malformed = join(dir, 'bad.yml')
  writeFileSync(malformed, 'scope: demo\netcd3: [unclosed\n')
  const cases: Array<[string, () => string[], number, RegExp]> = [
    ['unknown cluster', () => ['-c', c, 'list', 'nosuch'], 1, /^Error: Cluster nosuch not found in etcd3/],
    [
      'unknown cluster for show-config',
      () => ['-c', c, 'show-config', 'nosuch'],
      1,
      /^Error: Cluster nosuch not found/,
    ],
    [
      'unknown output format',
      () => ['-c', c, 'list', '-f', 'foo'],
      2,
      /^Error: Invalid value for '--format' \/ '-f': 'foo' is not one of 'pretty', 'tsv', 'json', 'yaml', 'yml'\.$/m,
    ],
    [
      'unknown history format',
      () => ['-c', c, 'history', '-f', 'xml'],
      2,
      /^Error: Invalid value for '--format' \/ '-f': 'xml' is not one of/,
    ],
    [
      'missing config file',
      () => ['-c', '/nonexistent.yml', 'list'],
      2,
      /^Error: Provided config file \/nonexistent\.yml not existing or no read rights/,
    ],
    ['malformed YAML', () => ['-c', malformed, 'list'], 2, /^Error: Malformed YAML in config file/],
    ['bad --dcs-url scheme', () => ['-d', 'foo://x', 'list', 'demo'], 2, /^Error: Unknown dcs scheme: foo$/m],
    ['bad --dcs-url port', () => ['-d', 'etcd3://127.0.0.1:notaport', 'list', 'demo'], 2, /^Error: Invalid/],
    [
      'unknown member for dsn',
      () => ['-c', c, 'dsn', '-m', 'nosuch'],
      1,
      /^Error: Member nosuch does not exist in cluster demo/,
    ],
    [
      '-r with -m',
      () => ['-c', c, 'dsn', '-r', 'replica', '-m', 'pg2'],
      2,
      /^Error: --role and --member are mutually exclusive options$/m,
    ],
    [
      'unknown role',
      () => ['-c', c, 'dsn', '-r', 'boss'],
      2,
      /^Error: Invalid value for '--role' \/ '-r': 'boss' is not one of/,
    ],
    ['bad --timeout', () => ['-c', c, '--timeout', 'soon', 'list'], 2, /^Error: Invalid value for --timeout: soon/],
    ['bad --watch', () => ['-c', c, 'list', '-w', 'x'], 2, /^Error: Invalid value for '--watch'/],
    ['unknown flag', () => ['-c', c, 'list', '--bogus'], 2, /^Error: No such option: --bogus$/m],
    ['unknown command', () => ['-c', c, 'lsit'], 2, /^Error: Unknown command lsit \(see ptctl --help\)$/m],
    ['no cluster name and no scope', () => ['-d', etcdUrl(), 'list'], 2, /^Error: No cluster names were provided/],
    [
      '--all with names',
      () => ['-c', c, 'list', '--all', 'demo'],
      2,
      /^Error: --all and cluster names are mutually exclusive/,
    ],
  ]
  it.each(cases)('%s', async (_name, args, code, message) => {
    const r = await ptctl(args())
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.code).toBe(code)
    expect(r.stdout).toBe('')
  })
})

describe('an unreachable DCS ends within the timeout with exit code 3 (patronictl hangs forever)', () => {
  it('a closed port', async () => {
    const port = await closedPort()
    const r = await ptctl(['-d', `etcd3://127.0.0.1:${port}`, '--timeout', '2', 'list', 'demo'], { timeoutMs: 30_000 })
    expect(r.code).toBe(3)
    expect(r.stderr).toBe(`Error: Cannot read from etcd3 (http://127.0.0.1:${port}: connection refused)\n`)
  })

  it('a black-holed endpoint that accepts and never answers', async () => {
    const hole = await startBlackHole()
    try {
      const r = await ptctl(['-d', `etcd3://127.0.0.1:${hole.port}`, '--timeout', '2', 'list', 'demo'], {
        timeoutMs: 30_000,
      })
      expect(r.code).toBe(3)
      expect(r.stderr).toBe(`Error: Cannot read from etcd3 (http://127.0.0.1:${hole.port}: no answer within 2s)\n`)
      // bounded by the timeout, not by the test's kill switch
      expect(r.ms).toBeLessThan(15_000)
    } finally {
      await hole.stop()
    }
  })

  it('a dead first endpoint is skipped for the live one', async () => {
    const port = await closedPort()
    const r = await ptctl([
      '-d',
      `etcd3://127.0.0.1:${port},127.0.0.1:${sb.state.store.clientPort}`,
      'list',
      'demo',
      '-f',
      'json',
    ])
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as Row[]).length).toBe(3)
  })
})
