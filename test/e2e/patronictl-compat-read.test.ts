import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { PTCTL_SHELL, ptctl, run } from '../helpers/cli.js'
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

/** `version CLUSTER` without its first lines (ptctl's own and the patronictl one it answers as). */
const memberVersionLines = (out: string) =>
  out.split('\n').filter((l) => !/^(ptctl|patronictl) version /.test(l) && !l.startsWith('ptctl build: '))

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
  ['version demo', { args: () => ['version', 'demo'], lines: memberVersionLines }],
  ['version demo LEADER', { args: (s) => ['version', 'demo', s.leader], lines: memberVersionLines }],
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
  // what callers parse: the version line, JSON of a missing cluster, errors and their exit codes
  ['version', { args: () => ['version'], nativeDiffers: "ptctl's version line names ptctl" }],
  [
    'list -f json nosuch',
    { args: () => ['list', '-f', 'json', 'nosuch'], nativeDiffers: 'an unknown cluster is an error' },
  ],
  ['topology nosuch', { args: () => ['topology', 'nosuch'], nativeDiffers: 'an unknown cluster is an error' }],
  ['history nosuch', { args: () => ['history', 'nosuch'], nativeDiffers: 'an unknown cluster is an error' }],
  ['dsn nosuch', { args: () => ['dsn', 'nosuch'], nativeDiffers: 'ptctl names the cluster not found' }],
  ['dsn -m nosuch', { args: () => ['dsn', '-m', 'nosuch'], nativeDiffers: 'ptctl names the member not found' }],
  [
    'dsn -r replica -m R1',
    { args: (s) => ['dsn', '-r', 'replica', '-m', s.replicas[0] ?? ''], nativeDiffers: 'usage errors exit 2' },
  ],
  [
    'version demo nosuch',
    { args: () => ['version', 'demo', 'nosuch'], nativeDiffers: 'an unknown member is an error' },
  ],
  ['pause nosuch', { args: () => ['pause', 'nosuch'], nativeDiffers: 'an unknown cluster is an error' }],
  ['resume nosuch', { args: () => ['resume', 'nosuch'], nativeDiffers: 'an unknown cluster is an error' }],
  [
    'restart nosuch --force',
    { args: () => ['restart', 'nosuch', '--force'], nativeDiffers: 'an unknown cluster is an error' },
  ],
  [
    'switchover nosuch --force',
    { args: () => ['switchover', 'nosuch', '--force'], nativeDiffers: 'an unknown cluster is an error' },
  ],
  ['failover --force (no candidate)', { args: () => ['failover', '--force'] }],
  ['switchover --candidate nosuch --force', { args: () => ['switchover', '--candidate', 'nosuch', '--force'] }],
  [
    'switchover --leader LEADER --candidate LEADER --force',
    { args: (s) => ['switchover', '--leader', s.leader, '--candidate', s.leader, '--force'] },
  ],
  [
    'restart demo nosuch --force',
    { args: () => ['restart', 'demo', 'nosuch', '--force'], nativeDiffers: 'an unknown member is an error' },
  ],
  ['reinit demo LEADER --force', { args: (s) => ['reinit', 'demo', s.leader, '--force'] }],
  [
    'show-config nosuch (patronictl 3.0.2 crashes)',
    {
      args: () => ['show-config', 'nosuch'],
      nativeDiffers: 'an unknown cluster is an error',
      tracebackInPatronictl: "AttributeError: 'NoneType' object has no attribute 'data'",
    },
  ],
  ['query without -c or -f', { args: () => ['query', 'demo'], nativeDiffers: 'usage errors exit 2' }],
  [
    'query a bad statement',
    { args: () => ['query', '-U', 'postgres', '-c', 'select nosuch'], nativeDiffers: 'SQL errors exit 1' },
  ],
  [
    'query -m nosuch',
    {
      args: () => ['query', '-U', 'postgres', '-m', 'nosuch', '-c', 'select 1'],
      nativeDiffers: 'an unknown member is an error',
    },
  ],
  [
    'query a wrong password',
    {
      args: () => ['query', '-U', 'postgres', '-c', 'select 1'],
      env: { PGPASSWORD: 'wrong' },
      nativeDiffers: 'a failed connection is an error',
    },
  ],
  [
    'edit-config -s ttl --force (malformed)',
    { args: () => ['edit-config', '-s', 'ttl', '--force'], nativeDiffers: 'usage errors exit 2' },
  ],
  // click's refusals: usage lines, exit 2
  ['list --nosuch', { args: () => ['list', '--nosuch'], nativeDiffers: 'one Error line, not the usage screen' }],
  [
    'list --extnded (a near miss)',
    { args: () => ['list', '--extnded'], nativeDiffers: 'one Error line, not the usage screen' },
  ],
  ['restart (no cluster)', { args: () => ['restart'], nativeDiffers: 'one Error line, not the usage screen' }],
  [
    'flush demo bogus',
    { args: () => ['flush', 'demo', 'bogus'], nativeDiffers: 'one Error line, not the usage screen' },
  ],
  ['dsn -r boss', { args: () => ['dsn', '-r', 'boss'], nativeDiffers: 'one Error line, not the usage screen' }],
  ['list --group x', { args: () => ['list', '--group', 'x'], nativeDiffers: 'one Error line, not the usage screen' }],
  [
    'remove demo extra',
    { args: () => ['remove', 'demo', 'extra'], nativeDiffers: 'one Error line, not the usage screen' },
  ],
  ['list -f (no value)', { args: () => ['list', '-f'], nativeDiffers: 'one Error line, not the usage screen' }],
  [
    'list -f foo (3.0.2 prints nothing)',
    { args: () => ['list', '-f', 'foo'], nativeDiffers: 'an unknown format is refused' },
  ],
  ['-c /nonexistent list', { args: () => ['list'], config: '/nonexistent.yml', nativeDiffers: 'usage errors exit 2' }],
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
    const script = `printf 'a\\nb\\nc\\n' | while read x; do ${PTCTL_SHELL} -c ${lab.c} list >/dev/null && echo "$x"; done`
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
    const script = `(sleep 2; printf 'ttl: 29\\n') | ${PTCTL_SHELL} -c ${lab.c} edit-config demo --apply - --force`
    const r = await run('/bin/sh', ['-c', script])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Configuration changed')
    expect(JSON.parse((await sandboxKey(lab.port, 'config'))?.value ?? '{}')).toMatchObject({ ttl: 29 })
  })
})
