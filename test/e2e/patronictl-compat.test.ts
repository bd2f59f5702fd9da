import { rmSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Cluster } from '../../src/cluster/types.js'
import { BIN, patronictl, ptctl, run, type CliResult } from '../helpers/cli.js'
import { eventually, readSandboxCluster, sandboxKey, sandboxStore, stableDump } from '../helpers/dcs-dump.js'
import { startSandbox, type RunningSandbox } from '../helpers/sandbox.js'
import { tempDir } from '../helpers/leftovers.js'

/**
 * patronictl command lines as runbooks write them, run with the real patronictl 3.0.2 and with ptctl on the same
 * cluster: the exit class, the lines a script reads and the effect on the DCS must agree (or differ exactly as the
 * README's "How ptctl differs" says).
 */

let sb: RunningSandbox
let c: string
let port: number
let originalConfig = ''
const dir = tempDir('ptctl-compat-')
const ENV = { PGPASSWORD: 'sandbox-superuser' }

beforeAll(async () => {
  sb = await startSandbox()
  c = sb.config
  port = sb.state.store.clientPort
  originalConfig = (await sandboxKey(port, 'config'))?.value ?? ''
  expect(originalConfig).toContain('"ttl":20')
}, 240_000)
afterAll(async () => {
  await sb?.stop()
  rmSync(dir, { recursive: true, force: true })
})

interface State {
  readonly leader: string
  readonly replicas: readonly string[]
  readonly cluster: Cluster
}

async function state(): Promise<State> {
  const cluster = await readSandboxCluster(port)
  const leader = cluster.leader?.value ?? ''
  return { leader, replicas: cluster.members.filter((m) => m.name !== leader).map((m) => m.name), cluster }
}

/** A quiet cluster: a leader, three running members on its timeline, nothing scheduled, not paused. */
async function settled(): Promise<State> {
  const quiet = (cl: Cluster) => {
    const tl = cl.members.find((m) => m.name === cl.leader?.value)?.timeline ?? -1
    return (
      cl.leader !== null &&
      cl.members.length === 3 &&
      cl.members.every((m) => m.state === 'running' && m.timeline === tl && !m.pause && !m.scheduledRestart) &&
      !cl.failover?.value.member &&
      !cl.failover?.value.scheduledAt
    )
  }
  await eventually(
    () => readSandboxCluster(port),
    quiet,
    90_000,
    'a quiet cluster (leader, 3 running on its timeline, nothing scheduled)',
  )
  return state()
}

/** Puts the cluster back as the case found it: the original dynamic config, no failover key, no scheduled restart. */
async function restore(): Promise<void> {
  const store = sandboxStore(port)
  try {
    const cfg = (await store.list('/service/demo/config')).find((r) => r.key === '/service/demo/config')
    if (cfg?.value !== originalConfig) await store.put('/service/demo/config', originalConfig)
    const failover = (await store.list('/service/demo/failover')).find((r) => r.key === '/service/demo/failover')
    if (failover && failover.value !== '{}' && failover.value !== '') await store.put('/service/demo/failover', '{}')
  } finally {
    await store.close()
  }
  for (const m of (await readSandboxCluster(port)).members) {
    if (m.scheduledRestart && m.apiUrl) await fetch(new URL('/restart', m.apiUrl), { method: 'DELETE' })
  }
}

/** Member names replaced by what they were before the command: LEADER, R1, R2. */
function byRole(text: string, s: State): string {
  const names: Record<string, string> = { [s.leader]: 'LEADER' }
  s.replicas.forEach((r, i) => (names[r] = `R${i + 1}`))
  return text.replace(/\bpg\d\b/g, (n) => names[n] ?? n)
}

/** Cells of the columns both versions print, for every row of every pretty table on stdout. */
function tableRows(stdout: string, s: State): string[] {
  const out: string[] = []
  let header: string[] | undefined
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('| ')) continue
    const cells = line
      .slice(1, -1)
      .split('|')
      .map((x) => x.trim())
    if (cells.includes('Member')) {
      header = cells
      continue
    }
    if (!header) continue
    const pick = ['Member', 'Host', 'Role', 'State', 'TL'].map((k) => cells[header?.indexOf(k) ?? -1] ?? '')
    out.push(byRole(pick.join(' | '), s))
  }
  return out
}

/** patronictl (click) writes piped prompts on stdout without a line break; ptctl writes them on stderr. */
const PROMPTS = [
  /(Primary|Standby Leader) \[[^\]\n]*\]: /g,
  /Candidate \[[^\n]*?\] \[[^\]\n]*\]: /g,
  /When should the (switchover|restart) take place \(e\.g\. [^)]*\) {1,2}\[now\]: /g,
  /Are you sure you want to [^\n]*? \[y\/N\]: /g,
  /Apply these changes\? \[y\/N\]: /g,
  /Restart if the PostgreSQL version is less than provided \(e\.g\. 9\.5\.2\) {2}\[\]: /g,
  /Which member do you want to reinitialize \[[^\]\n]*\]\? \[\]: /g,
  /Do you want to cancel it and reinitialize anyway\? \[y\/N\]: /g,
  /Password: ?/g,
]
const withoutPrompts = (stdout: string) => PROMPTS.reduce((text, p) => text.replace(p, ''), stdout)

const isTableLine = (l: string) => /^\+-|^\+ (Citus )?Cluster: |^\| /.test(l)

/** The lines a script greps: not the table, timestamps removed, names by role. */
function textLines(stdout: string, s: State): string[] {
  return withoutPrompts(stdout)
    .split('\n')
    .filter((l) => l !== '' && !isTableLine(l) && l !== 'Current cluster topology')
    .map((l) => byRole(l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\s/, ''), s))
}

/** JSON rows reduced to the keys both versions print. */
function jsonRows(stdout: string, s: State): string[] {
  const rows = JSON.parse(stdout) as Array<Record<string, unknown>>
  return rows.map((r) => byRole(JSON.stringify([r['Member'], r['Host'], r['Role'], r['State'], r['TL']]), s))
}

interface Snapshot {
  readonly dump: Record<string, string>
  readonly cluster: Cluster
}
const snapshot = async (): Promise<Snapshot> => ({
  dump: await stableDump(port),
  cluster: await readSandboxCluster(port),
})

/** What changed in the keys a ctl command writes, names by role; leader changes are followed through. */
function effectOf(before: Snapshot, after: Snapshot, s: State): Record<string, unknown> {
  const changed: Record<string, unknown> = {}
  const keys = new Set([...Object.keys(before.dump), ...Object.keys(after.dump)])
  for (const k of keys) {
    if (k === 'leader' || k === 'history' || k === 'initialize' || k === 'sync') continue
    if (before.dump[k] === after.dump[k]) continue
    changed[k] = k === 'config' ? configDiff(before.dump[k], after.dump[k]) : byRole(after.dump[k] ?? '', s)
  }
  const from = before.cluster.leader?.value
  const to = after.cluster.leader?.value
  if (from !== to) changed['leader'] = byRole(`${from ?? ''} -> ${to ?? ''}`, s)
  return changed
}

function configDiff(a: string | undefined, b: string | undefined): Record<string, unknown> {
  const flat = (v: unknown, prefix = ''): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (Object.assign({}, ...Object.entries(v).map(([k, x]) => flat(x, `${prefix}${k}.`))) as Record<string, unknown>)
      : { [prefix.slice(0, -1)]: v }
  const x = flat(JSON.parse(a ?? '{}'))
  const y = flat(JSON.parse(b ?? '{}'))
  const out: Record<string, unknown> = {}
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)]))
    if (JSON.stringify(x[k]) !== JSON.stringify(y[k])) out[k] = y[k] ?? null
  return out
}

interface CompatCase {
  /** the command line after `-c CONFIG` (or before it: `global` puts -c after the command) */
  readonly args: (s: State) => string[]
  readonly input?: (s: State) => string
  readonly env?: Record<string, string>
  /** what a script reads from stdout; by default the table cells and the other lines */
  readonly lines?: (stdout: string, s: State) => string[]
  /** the documented divergence in exit class, if any (README: "How ptctl differs") */
  readonly exit?: 'same' | 'ptctl-fails'
  /** compare DCS effects (default) or not (restarts, reloads: nothing a ctl command writes) */
  readonly effect?: boolean
  /** needs a settled cluster before each run (switchover, restart, ...) */
  readonly settle?: boolean
  /** patronictl 3.0.2 prints this differently on purpose (e.g. 3.x table columns): compare only the exit and effect */
  readonly outputDiffers?: string
  /** the member the command rebuilds: the next run waits until it runs a new PostgreSQL that streams again */
  readonly rebuilds?: (s: State) => string
}

const sql = join(dir, 'check.sql')
writeFileSync(sql, 'select 1 as one, true as yes;\n')
const applyFile = join(dir, 'apply.yaml')
writeFileSync(applyFile, 'ttl: 25\npostgresql:\n  parameters:\n    work_mem: 8MB\n')
const editor = join(dir, 'editor.sh')
writeFileSync(editor, '#!/bin/sh\nsed -i "s/^ttl: 20$/ttl: 24/" "$1"\n')
chmodSync(editor, 0o755)
// scheduled times are fixed once, so that both tools are given the same text
const future = (hours: number) => new Date(Math.ceil(Date.now() / 60_000) * 60_000 + hours * 3_600_000)
const ISO_2H = future(2)
  .toISOString()
  .replace(/\.\d+Z$/, '+00:00')
const ISO_4H = future(4)
  .toISOString()
  .replace(/\.\d+Z$/, '+00:00')
const ISO_5H = future(5)
  .toISOString()
  .replace(/\.\d+Z$/, '+00:00')
/** `date -R` */
const DATE_R_2H = future(2).toUTCString().replace('GMT', '+0000')
/** `date` (C locale, TZ=UTC) */
const DATE_3H = (() => {
  const d = future(3)
  const [wd = '', , mon = ''] = d.toUTCString().split(' ')
  return `${wd.replace(',', '')} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} UTC ${d.getUTCFullYear()}`
})()

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

const ACT: Array<[string, CompatCase]> = [
  ['edit-config -s ttl=21 --force', { args: () => ['edit-config', '-s', 'ttl=21', '--force'] }],
  [
    'edit-config -p work_mem=8MB --force demo (options before the cluster)',
    { args: () => ['edit-config', '-p', 'work_mem=8MB', '--force', 'demo'] },
  ],
  ['edit-config -s loop_wait=4 demo --force', { args: () => ['edit-config', '-s', 'loop_wait=4', 'demo', '--force'] }],
  [
    'edit-config -s ttl=10 -p max_connections=101 --force demo',
    { args: () => ['edit-config', '-s', 'ttl=22', '-p', 'max_connections=101', '--force', 'demo'] },
  ],
  [
    "edit-config -p 'superuser_reserved_connections=6' --force demo",
    { args: () => ['edit-config', '-p', 'superuser_reserved_connections=6', '--force', 'demo'] },
  ],
  ['edit-config --set ttl=23 -q --force', { args: () => ['edit-config', '--set', 'ttl=23', '-q', '--force'] }],
  ['edit-config -s ttl=20 --force (no change)', { args: () => ['edit-config', '-s', 'ttl=20', '--force'] }],
  ['edit-config -s a.b=1 -s a.c=2 --force', { args: () => ['edit-config', '-s', 'a.b=1', '-s', 'a.c=2', '--force'] }],
  ['edit-config --apply FILE --force', { args: () => ['edit-config', '--apply', applyFile, '--force'] }],
  [
    'cat FILE | edit-config --apply - --force',
    { args: () => ['edit-config', '--apply', '-', '--force'], input: () => 'ttl: 26\n' },
  ],
  ['edit-config -s ttl=27, answered "y"', { args: () => ['edit-config', '-s', 'ttl=27'], input: () => 'y\n' }],
  ['edit-config -s ttl=28, answered "n"', { args: () => ['edit-config', '-s', 'ttl=28'], input: () => 'n\n' }],
  [
    'EDITOR=script edit-config, answered "y"',
    { args: () => ['edit-config'], input: () => 'y\n', env: { EDITOR: editor } },
  ],
  ['EDITOR=script edit-config --force', { args: () => ['edit-config', '--force'], env: { EDITOR: editor } }],
  ['pause', { args: () => ['pause'] }],
  ['pause --wait', { args: () => ['pause', '--wait'] }],
  [
    'switchover --scheduled ISO --force',
    { args: () => ['switchover', '--scheduled', ISO_2H, '--force'], settle: true },
  ],
  [
    'switchover --scheduled "$(date -R)" --force',
    { args: () => ['switchover', '--scheduled', DATE_R_2H, '--force'], settle: true },
  ],
  [
    'switchover --scheduled "$(date)" --force',
    { args: () => ['switchover', '--scheduled', DATE_3H, '--force'], settle: true },
  ],
  [
    'switchover --scheduled "Jan 1 2030 10:00 UTC" --force',
    { args: () => ['switchover', '--scheduled', 'Jan 1 2030 10:00 UTC', '--force'], settle: true },
  ],
  [
    'switchover --scheduled 20300101T1000 --force',
    { args: () => ['switchover', '--scheduled', '20300101T1000', '--force'], settle: true },
  ],
  [
    'switchover --scheduled "2030-01-01 10:00 CET" --force (zone ignored, as dateutil does)',
    { args: () => ['switchover', '--scheduled', '2030-01-01 10:00 CET', '--force'], settle: true },
  ],
  [
    'switchover --candidate R1 --scheduled ISO --force',
    { args: (s) => ['switchover', '--candidate', s.replicas[0] ?? '', '--scheduled', ISO_4H, '--force'], settle: true },
  ],
  [
    'switchover, scheduled through the prompts',
    { args: () => ['switchover'], input: (s) => `${s.leader}\n${s.replicas[1] ?? ''}\n${ISO_5H}\ny\n`, settle: true },
  ],
  [
    'restart demo R1 --scheduled ISO --force',
    {
      args: (s) => ['restart', 'demo', s.replicas[0] ?? '', '--scheduled', ISO_2H, '--force'],
      settle: true,
      effect: false,
    },
  ],
  ['reload demo --force', { args: () => ['reload', 'demo', '--force'], effect: false }],
  ['reload demo R1 --force', { args: (s) => ['reload', 'demo', s.replicas[0] ?? '', '--force'], effect: false }],
  ['reload demo -r replica --force', { args: () => ['reload', 'demo', '-r', 'replica', '--force'], effect: false }],
  ['reload demo, answered "y"', { args: () => ['reload', 'demo'], input: () => 'y\n', effect: false }],
  [
    'reload --force demo R2 (options first)',
    { args: (s) => ['reload', '--force', 'demo', s.replicas[1] ?? ''], effect: false },
  ],
  [
    'restart demo R1 --force',
    { args: (s) => ['restart', 'demo', s.replicas[0] ?? '', '--force'], settle: true, effect: false },
  ],
  [
    'restart demo R2, answered now/y/empty',
    { args: (s) => ['restart', 'demo', s.replicas[1] ?? ''], input: () => 'now\ny\n\n', settle: true, effect: false },
  ],
  [
    'switchover --candidate R1 --force',
    { args: (s) => ['switchover', '--candidate', s.replicas[0] ?? '', '--force'], settle: true, lines: textLines },
  ],
  [
    'switchover --leader LEADER --candidate R2 --force',
    {
      args: (s) => ['switchover', '--leader', s.leader, '--candidate', s.replicas[1] ?? '', '--force'],
      settle: true,
      lines: textLines,
    },
  ],
  [
    'switchover --master LEADER --candidate R1 --force',
    {
      args: (s) => ['switchover', '--master', s.leader, '--candidate', s.replicas[0] ?? '', '--force'],
      settle: true,
      lines: textLines,
    },
  ],
  [
    'switchover answered through the prompts',
    {
      args: () => ['switchover'],
      input: (s) => `${s.leader}\n${s.replicas[0] ?? ''}\nnow\ny\n`,
      settle: true,
      lines: textLines,
    },
  ],
  [
    'failover --candidate R2 --force',
    { args: (s) => ['failover', '--candidate', s.replicas[1] ?? '', '--force'], settle: true, lines: textLines },
  ],
  [
    'failover --leader LEADER --candidate R1 --force (a switchover)',
    {
      args: (s) => ['failover', '--leader', s.leader, '--candidate', s.replicas[0] ?? '', '--force'],
      settle: true,
      lines: textLines,
    },
  ],
  [
    'failover answered through the prompts',
    { args: () => ['failover'], input: (s) => `${s.replicas[1] ?? ''}\ny\n`, settle: true, lines: textLines },
  ],
  [
    'reinit demo R1 --force',
    {
      args: (s) => ['reinit', 'demo', s.replicas[0] ?? '', '--force'],
      settle: true,
      effect: false,
      lines: textLines,
      rebuilds: (s) => s.replicas[0] ?? '',
    },
  ],
  [
    'reinit demo, member and "y" piped',
    {
      args: () => ['reinit', 'demo'],
      input: (s) => `${s.replicas[1] ?? ''}\ny\n`,
      settle: true,
      effect: false,
      lines: textLines,
      rebuilds: (s) => s.replicas[1] ?? '',
    },
  ],
]

async function runBoth(k: CompatCase): Promise<Array<{ r: CliResult; s: State; effect: Record<string, unknown> }>> {
  const out: Array<{ r: CliResult; s: State; effect: Record<string, unknown> }> = []
  for (const tool of [patronictl, ptctl]) {
    await restore()
    const s = k.settle ? await settled() : await state()
    const before = await snapshot()
    const input = k.input?.(s)
    const rebuilt = k.rebuilds?.(s)
    const startedBefore = rebuilt !== undefined ? (await agentStatus(s, rebuilt)).postmaster_start_time : undefined
    const r = await tool(['-c', c, ...k.args(s)], {
      env: { ...ENV, ...k.env },
      timeoutMs: 120_000,
      ...(input !== undefined ? { input } : {}),
    })
    // a switchover or failover has an effect some seconds later: wait for it before reading the DCS
    const after = k.settle ? await snapshotWhenLeaderSettles() : await snapshot()
    if (rebuilt !== undefined && r.code === 0) await rebuiltAndStreaming(s, rebuilt, startedBefore)
    out.push({ r, s, effect: effectOf(before, after, s) })
  }
  await restore()
  return out
}

interface AgentStatus {
  readonly state?: string
  readonly postmaster_start_time?: string
  readonly replication?: Array<{ application_name?: string; state?: string }>
}

async function agentStatus(s: State, member: string): Promise<AgentStatus> {
  const apiUrl = s.cluster.members.find((m) => m.name === member)?.apiUrl ?? ''
  try {
    return (await (await fetch(apiUrl)).json()) as AgentStatus
  } catch {
    return {}
  }
}

/** A rebuilt member is done when it runs a PostgreSQL started after the request and the leader streams to it. */
async function rebuiltAndStreaming(s: State, member: string, startedBefore: string | undefined): Promise<void> {
  const deadline = Date.now() + 120_000
  let seen: AgentStatus = {}
  while (Date.now() < deadline) {
    seen = await agentStatus(s, member)
    const leader = await agentStatus(s, s.leader)
    const streams = (leader.replication ?? []).some((r) => r.application_name === member && r.state === 'streaming')
    if (seen.state === 'running' && seen.postmaster_start_time !== startedBefore && streams) return
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`${member} was not rebuilt and streaming within 120 s (last seen: ${JSON.stringify(seen)})`)
}

/** After a switchover, failover or scheduled one: the new (or same) leader runs and Patroni has settled the key. */
async function snapshotWhenLeaderSettles(): Promise<Snapshot> {
  await eventually(
    () => readSandboxCluster(port),
    (cl) =>
      cl.leader !== null &&
      cl.members.find((m) => m.name === cl.leader?.value)?.state === 'running' &&
      (!cl.failover?.value.member || cl.failover.value.scheduledAt !== undefined),
    60_000,
    'a running leader and a settled failover key',
  )
  return snapshot()
}

function compare(
  name: string,
  k: CompatCase,
  results: Array<{ r: CliResult; s: State; effect: Record<string, unknown> }>,
) {
  const [theirs, ours] = results as [(typeof results)[0], (typeof results)[0]]
  const why = `${name}\npatronictl (${theirs.r.code}):\n${theirs.r.stdout}${theirs.r.stderr}\nptctl (${ours.r.code}):\n${ours.r.stdout}${ours.r.stderr}`
  if ((k.exit ?? 'same') === 'same') expect(ours.r.code === 0, why).toBe(theirs.r.code === 0)
  else expect([theirs.r.code, ours.r.code !== 0], why).toEqual([0, true])
  if (k.effect !== false) expect(ours.effect, why).toEqual(theirs.effect)
  if (k.outputDiffers === undefined) {
    const lines = k.lines ?? ((out: string, s: State) => [...tableRows(out, s), ...textLines(out, s)])
    expect(lines(ours.r.stdout, ours.s), why).toEqual(lines(theirs.r.stdout, theirs.s))
  }
  // ptctl never answers a usage mistake with click's usage screen or a traceback: one Error line at most
  expect(ours.r.stderr.split('\n').filter((l) => l.startsWith('Error:')).length, why).toBeLessThanOrEqual(1)
}

describe('patronictl command lines: same exit class, same lines for scripts, same DCS effect', () => {
  it.each(READ)('%s', async (name, k) => {
    compare(name, k, await runBoth(k))
  })
  it.each(ACT)(
    '%s',
    async (name, k) => {
      compare(name, k, await runBoth(k))
    },
    300_000,
  )
})

describe('scripts and stdin', () => {
  it('a while-read loop keeps its input: ptctl reads no stdin it was not asked to', async () => {
    const script = `printf 'a\\nb\\nc\\n' | while read x; do ${process.execPath} ${BIN} -c ${c} list >/dev/null && echo "$x"; done`
    const r = await run('/bin/sh', ['-c', script])
    expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual(['a', 'b', 'c'])
  })

  it('a prompt with stdin at its end fails at once naming the flag (exit 2), nothing written', async () => {
    const before = await stableDump(port)
    for (const args of [
      ['switchover'],
      ['failover'],
      ['restart', 'demo'],
      ['reload', 'demo'],
      ['edit-config', '-s', 'ttl=30'],
      ['remove', 'demo'],
    ]) {
      const r = await ptctl(['-c', c, ...args], { input: '', timeoutMs: 30_000 })
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(/^Error: stdin ended before an answer to ".*": give .+$/m)
    }
    expect(await stableDump(port)).toEqual(before)
  })

  it('a slow writer on stdin is waited for (--apply -)', async () => {
    await restore()
    const script = `(sleep 2; printf 'ttl: 29\\n') | ${process.execPath} ${BIN} -c ${c} edit-config demo --apply - --force`
    const r = await run('/bin/sh', ['-c', script])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Configuration changed')
    expect(JSON.parse((await sandboxKey(port, 'config'))?.value ?? '{}')).toMatchObject({ ttl: 29 })
    await restore()
  })
})
