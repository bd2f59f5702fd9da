import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { BIN, ptctl, run } from '../helpers/cli.js'
import {
  allTools,
  byRole,
  compareExact,
  compareNative,
  jsonRows,
  runCase,
  startLab,
  tableRows,
  type CompatCase,
  type Lab,
} from '../helpers/compat-harness.js'
import { sandboxKey, stableDump } from '../helpers/dcs-dump.js'
import { tempDir } from '../helpers/leftovers.js'

/**
 * patronictl command lines that read, or are refused, or answered "no": run with the real patronictl 3.0.2, with
 * ptctl, and with ptctl invoked as patronictl, on the same cluster (see compat-harness.ts).
 */

let lab: Lab
const dir = tempDir('ptctl-compat-')

beforeAll(async () => {
  lab = await startLab()
}, 240_000)
afterAll(async () => {
  await lab?.sb.stop()
})

const sql = join(dir, 'check.sql')
writeFileSync(sql, 'select 1 as one, true as yes;\n')

const READ: Array<[string, CompatCase]> = [
  ['list', { args: () => ['list'] }],
  ['list demo', { args: () => ['list', 'demo'] }],
  ['list -e', { args: () => ['list', '-e'] }],
  ['list demo -e -f json', { args: () => ['list', 'demo', '-e', '-f', 'json'], lines: jsonRows }],
  ['list -f json', { args: () => ['list', '-f', 'json'], lines: jsonRows }],
  ['list --format=json', { args: () => ['list', '--format=json'], lines: jsonRows }],
  ['list -fjson', { args: () => ['list', '-fjson'], lines: jsonRows }],
  ['list -f tsv -f json (the last wins)', { args: () => ['list', '-f', 'tsv', '-f', 'json'], lines: jsonRows }],
  [
    'list -f tsv',
    {
      args: () => ['list', '-f', 'tsv'],
      lines: (out, s) =>
        out
          .split('\n')
          .slice(1)
          .map((l) => byRole(l.split('\t').slice(0, 6).join('\t'), s)),
    },
  ],
  [
    'list -f yaml',
    {
      args: () => ['list', '-f', 'yaml'],
      lines: (out, s) =>
        out
          .split('\n')
          .filter((l) => /^ {2}(Member|Role|State|TL):/.test(l))
          .map((l) => byRole(l, s)),
    },
  ],
  [
    'list demo -t',
    {
      args: () => ['list', 'demo', '-t'],
      lines: (out, s) => [
        String(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(out.split('\n')[0] ?? '')),
        ...tableRows(out, s),
      ],
    },
  ],
  ['list (stdin holds junk)', { args: () => ['list'], input: () => 'hello\nworld\n' }],
  ['list demo -e (stdin holds junk)', { args: () => ['list', 'demo', '-e'], input: () => 'other\n' }],
  ['topology', { args: () => ['topology'] }],
  ['topology demo', { args: () => ['topology', 'demo'] }],
  ['show-config', { args: () => ['show-config'] }],
  ['show-config demo', { args: () => ['show-config', 'demo'] }],
  ['show-config (stdin holds junk)', { args: () => ['show-config'], input: () => 'nosuch\n' }],
  ['history', { args: () => ['history'] }],
  ['history -f json', { args: () => ['history', '-f', 'json'] }],
  ['history demo -f tsv', { args: () => ['history', 'demo', '-f', 'tsv'] }],
  ['dsn', { args: () => ['dsn'] }],
  ['dsn demo', { args: () => ['dsn', 'demo'] }],
  ['dsn --role leader', { args: () => ['dsn', '--role', 'leader'] }],
  ['dsn -r primary', { args: () => ['dsn', '-r', 'primary'] }],
  ['dsn -m R1', { args: (s) => ['dsn', '-m', s.replicas[0] ?? ''] }],
  ['dsn demo --member R2', { args: (s) => ['dsn', 'demo', '--member', s.replicas[1] ?? ''] }],
  ['dsn -m R1 -m LEADER (the last wins)', { args: (s) => ['dsn', '-m', s.replicas[0] ?? '', '-m', s.leader] }],
  ['version demo', { args: () => ['version', 'demo'], lines: (out) => out.split('\n').slice(1) }],
  ['version demo LEADER', { args: (s) => ['version', 'demo', s.leader], lines: (out) => out.split('\n').slice(1) }],
  ['query -U postgres -c', { args: () => ['query', '-U', 'postgres', '-c', 'select 1 as one'] }],
  [
    'query demo --format tsv -c',
    {
      args: () => ['query', 'demo', '-U', 'postgres', '--format', 'tsv', '-c', "select 'a' as x, null as y, true as z"],
    },
  ],
  [
    'query -r replica',
    { args: () => ['query', '-U', 'postgres', '-r', 'replica', '-c', 'select pg_is_in_recovery()'] },
  ],
  [
    'query -m R1',
    { args: (s) => ['query', '-U', 'postgres', '-m', s.replicas[0] ?? '', '-c', 'select pg_is_in_recovery()'] },
  ],
  ['query -f FILE', { args: () => ['query', '-U', 'postgres', '-f', sql] }],
  [
    'query -f - (SQL on stdin)',
    { args: () => ['query', '-U', 'postgres', '-f', '-'], input: () => 'select 2 as two;\n' },
  ],
  [
    'query --delimiter ;',
    { args: () => ['query', '-U', 'postgres', '--delimiter', ';', '-c', 'select 1 as a, 2 as b'] },
  ],
  [
    'query -d postgres',
    { args: () => ['query', '-U', 'postgres', '-d', 'postgres', '-c', 'select current_database()'] },
  ],
  [
    'query --format json',
    {
      args: () => [
        'query',
        '-U',
        'postgres',
        '--format',
        'json',
        '-c',
        "select 1 as n, true as b, null as z, '{1,2}'::int[] as a",
      ],
    },
  ],
  ['query --format pretty', { args: () => ['query', '-U', 'postgres', '--format', 'pretty', '-c', 'select 1 as n'] }],
  [
    'query --password (answer piped)',
    {
      args: () => ['query', '-U', 'postgres', '--password', '-c', 'select 3 as three'],
      input: () => 'sandbox-superuser\n',
      env: { PGPASSWORD: '' },
    },
  ],
  [
    'query a statement without rows',
    {
      args: () => ['query', '-U', 'postgres', '-c', 'create table if not exists compat_t(x int)'],
      lines: (out) => [out.includes('no results to fetch') ? 'no results to fetch' : out],
    },
  ],
  ['flush demo switchover (nothing scheduled)', { args: () => ['flush', 'demo', 'switchover'] }],
  [
    'flush demo R1 restart --force (nothing scheduled)',
    { args: (s) => ['flush', 'demo', s.replicas[0] ?? '', 'restart', '--force'] },
  ],
  [
    'echo demo | reload other --force (stdin never names the cluster)',
    { args: () => ['reload', 'other', '--force'], input: () => 'demo\n', lines: () => [] },
  ],
  [
    'list nosuch',
    { args: () => ['list', 'nosuch'], exit: 'ptctl-fails', outputDiffers: 'an unknown cluster is an error in ptctl' },
  ],
  ['resume (not paused)', { args: () => ['resume'] }],
  ['dsn -r nosuch (bad choice)', { args: () => ['dsn', '-r', 'nosuch'], lines: () => [] }],
  ['remove demo, wrong name piped', { args: () => ['remove', 'demo'], lines: tableRows, input: () => 'other\n' }],
  ['remove demo, not aware', { args: () => ['remove', 'demo'], lines: tableRows, input: () => 'demo\nno\n' }],
  [
    'remove demo, wrong leader',
    {
      args: () => ['remove', 'demo'],
      lines: tableRows,
      input: (s) => `demo\nYes I am aware\n${s.replicas[0] ?? ''}\n`,
    },
  ],
  ['switchover, answered "no"', { args: () => ['switchover'], input: () => '\n\n\nn\n' }],
  ['failover, answered "no"', { args: () => ['failover'], input: (s) => `${s.replicas[0] ?? ''}\nn\n` }],
  ['reload, answered "no"', { args: () => ['reload', 'demo'], input: () => 'n\n' }],
  ['restart, answered "no"', { args: () => ['restart', 'demo'], input: () => 'now\nn\n' }],
  ['reinit R1, answered "no"', { args: (s) => ['reinit', 'demo', s.replicas[0] ?? ''], input: () => 'n\n' }],
  ['flush demo restart, answered "no"', { args: () => ['flush', 'demo', 'restart'], input: () => 'n\n' }],
  ['reinit demo --force (no member: nothing to do)', { args: () => ['reinit', 'demo', '--force'], lines: () => [] }],
]

describe('patronictl command lines that read: ptctl agrees, and as patronictl it is patronictl byte for byte', () => {
  it.each(READ)('%s', async (name, k) => {
    const [theirs, ours, dropIn] = await runCase(lab, k, allTools(lab))
    if (!theirs || !ours || !dropIn) throw new Error('a tool did not run')
    compareNative(name, k, theirs, ours)
    compareExact(name, k, theirs, dropIn)
  })
})

describe('scripts and stdin', () => {
  it('a while-read loop keeps its input: ptctl reads no stdin it was not asked to', async () => {
    const script = `printf 'a\\nb\\nc\\n' | while read x; do ${process.execPath} ${BIN} -c ${lab.c} list >/dev/null && echo "$x"; done`
    const r = await run('/bin/sh', ['-c', script])
    expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual(['a', 'b', 'c'])
  })

  it('a prompt with stdin at its end fails at once naming the flag (exit 2), nothing written', async () => {
    const before = await stableDump(lab.port)
    for (const args of [
      ['switchover'],
      ['failover'],
      ['restart', 'demo'],
      ['reload', 'demo'],
      ['edit-config', '-s', 'ttl=30'],
      ['remove', 'demo'],
    ]) {
      const r = await ptctl(['-c', lab.c, ...args], { input: '', timeoutMs: 30_000 })
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(/^Error: stdin ended before an answer to ".*": give .+$/m)
    }
    expect(await stableDump(lab.port)).toEqual(before)
  })

  it('a slow writer on stdin is waited for (--apply -)', async () => {
    const script = `(sleep 2; printf 'ttl: 29\\n') | ${process.execPath} ${BIN} -c ${lab.c} edit-config demo --apply - --force`
    const r = await run('/bin/sh', ['-c', script])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Configuration changed')
    expect(JSON.parse((await sandboxKey(lab.port, 'config'))?.value ?? '{}')).toMatchObject({ ttl: 29 })
  })
})
