import { mkdtempSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'

import { expect } from 'vitest'

import type { Cluster } from '../../src/cluster/types.js'
import { BIN, patronictl, ptctl, run, type CliResult, type RunOptions } from './cli.js'
import { eventually, readSandboxCluster, sandboxKey, sandboxStore, stableDump } from './dcs-dump.js'
import { startSandbox, type RunningSandbox } from './sandbox.js'
import { tempDir } from './leftovers.js'

/**
 * The side-by-side harness: patronictl command lines as runbooks write them, run on the same sandbox cluster with the
 * real patronictl 3.0.2, with ptctl, and with ptctl invoked as patronictl (drop-in mode). ptctl must agree on the
 * exit class, the lines a script reads and the DCS effect (or differ as the README says); ptctl as patronictl must
 * match byte for byte: exit code, stdout, stderr (times, member names and racy tables normalised), DCS effect.
 */

/** The sandbox the cases run on: its config file and etcd port, and the dynamic config to restore. */
export interface Lab {
  readonly sb: RunningSandbox
  readonly c: string
  readonly port: number
  readonly originalConfig: string
  /** ptctl under the name patronictl: a symlink to bin/run.js */
  readonly dropIn: string
}

export const ENV = { PGPASSWORD: 'sandbox-superuser' }

export async function startLab(): Promise<Lab> {
  const sb = await startSandbox()
  const port = sb.state.store.clientPort
  const originalConfig = (await sandboxKey(port, 'config'))?.value ?? ''
  expect(originalConfig).toContain('"ttl":20')
  const linkDir = mkdtempSync(join(tempDir('ptctl-dropin-'), 'bin-'))
  const dropIn = join(linkDir, 'patronictl')
  symlinkSync(BIN, dropIn)
  return { sb, c: sb.config, port, originalConfig, dropIn }
}

/** ptctl as patronictl: the same program under the name patronictl. */
export function asPatronictl(lab: Lab, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return run(process.execPath, [lab.dropIn, ...args], options)
}

export interface State {
  readonly leader: string
  readonly replicas: readonly string[]
  readonly cluster: Cluster
}

async function state(lab: Lab): Promise<State> {
  const cluster = await readSandboxCluster(lab.port)
  const leader = cluster.leader?.value ?? ''
  return { leader, replicas: cluster.members.filter((m) => m.name !== leader).map((m) => m.name), cluster }
}

/** A quiet cluster: a leader, three running members on its timeline, nothing scheduled, not paused. */
async function settled(lab: Lab): Promise<State> {
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
    () => readSandboxCluster(lab.port),
    quiet,
    90_000,
    'a quiet cluster (leader, 3 running on its timeline, nothing scheduled)',
  )
  return state(lab)
}

/** Puts the cluster back as the case found it: the original dynamic config, no failover key, no scheduled restart. */
async function restore(lab: Lab): Promise<void> {
  const store = sandboxStore(lab.port)
  try {
    const cfg = (await store.list('/service/demo/config')).find((r) => r.key === '/service/demo/config')
    if (cfg?.value !== lab.originalConfig) await store.put('/service/demo/config', lab.originalConfig)
    const failover = (await store.list('/service/demo/failover')).find((r) => r.key === '/service/demo/failover')
    if (failover && failover.value !== '{}' && failover.value !== '') await store.put('/service/demo/failover', '{}')
  } finally {
    await store.close()
  }
  for (const m of (await readSandboxCluster(lab.port)).members) {
    if (m.scheduledRestart && m.apiUrl) await fetch(new URL('/restart', m.apiUrl), { method: 'DELETE' })
  }
}

/** Member names replaced by what they were before the command: LEADER, R1, R2. */
export function byRole(text: string, s: State): string {
  const names: Record<string, string> = { [s.leader]: 'LEADER' }
  s.replicas.forEach((r, i) => (names[r] = `R${i + 1}`))
  return text.replace(/\bpg\d\b/g, (n) => names[n] ?? n)
}

/** Cells of the columns both versions print, for every row of every pretty table on stdout. */
export function tableRows(stdout: string, s: State): string[] {
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
export function textLines(stdout: string, s: State): string[] {
  return withoutPrompts(stdout)
    .split('\n')
    .filter((l) => l !== '' && !isTableLine(l) && l !== 'Current cluster topology')
    .map((l) => byRole(l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\s/, ''), s))
}

/** JSON rows reduced to the keys both versions print. */
export function jsonRows(stdout: string, s: State): string[] {
  const rows = JSON.parse(stdout) as Array<Record<string, unknown>>
  return rows.map((r) => byRole(JSON.stringify([r['Member'], r['Host'], r['Role'], r['State'], r['TL']]), s))
}

interface Snapshot {
  readonly dump: Record<string, string>
  readonly cluster: Cluster
}
const snapshot = async (lab: Lab): Promise<Snapshot> => ({
  dump: await stableDump(lab.port),
  cluster: await readSandboxCluster(lab.port),
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

export interface CompatCase {
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
  /**
   * ptctl differs from patronictl here on purpose (README: "How ptctl differs"): only ptctl as patronictl is compared;
   * ptctl itself must still end with one Error line (or none) and the same DCS effect
   */
  readonly nativeDiffers?: string
  /** another config file than the sandbox's (a path that does not exist) */
  readonly config?: string
  /** the tables it prints catch a cluster in motion: compared by their shape only */
  readonly racy?: boolean
  /** Patroni picks the new leader among the healthy replicas: which one is its choice, not the tool's */
  readonly patroniPicks?: boolean
  /** patronictl 3.0.2 crashes with a Python traceback here: ptctl as patronictl prints one Error line instead */
  readonly tracebackInPatronictl?: string
}

/** What one tool did in a case: its result, the cluster it found, what changed in the DCS. */
export interface CaseRun {
  readonly r: CliResult
  readonly s: State
  readonly effect: Record<string, unknown>
}

type Tool = (args: readonly string[], options: RunOptions) => Promise<CliResult>

/** The case run by each tool in turn, each from the same restored (and, for actions, settled) cluster. */
export async function runCase(lab: Lab, k: CompatCase, tools: readonly Tool[]): Promise<CaseRun[]> {
  const out: CaseRun[] = []
  for (const tool of tools) {
    await restore(lab)
    const s = k.settle ? await settled(lab) : await state(lab)
    const before = await snapshot(lab)
    const input = k.input?.(s)
    const rebuilt = k.rebuilds?.(s)
    const startedBefore = rebuilt !== undefined ? (await agentStatus(s, rebuilt)).postmaster_start_time : undefined
    const r = await tool(['-c', k.config ?? lab.c, ...k.args(s)], {
      env: { ...ENV, ...k.env },
      timeoutMs: 120_000,
      ...(input !== undefined ? { input } : {}),
    })
    // a switchover or failover has an effect some seconds later: wait for it before reading the DCS
    const after = k.settle ? await snapshotWhenLeaderSettles(lab) : await snapshot(lab)
    if (rebuilt !== undefined && r.code === 0) await rebuiltAndStreaming(s, rebuilt, startedBefore)
    out.push({ r, s, effect: effectOf(before, after, s) })
  }
  await restore(lab)
  return out
}

/** The three tools of a case: the real patronictl, ptctl, ptctl as patronictl. */
export const allTools = (lab: Lab): [Tool, Tool, Tool] => [patronictl, ptctl, (args, o) => asPatronictl(lab, args, o)]

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
async function snapshotWhenLeaderSettles(lab: Lab): Promise<Snapshot> {
  await eventually(
    () => readSandboxCluster(lab.port),
    (cl) =>
      cl.leader !== null &&
      cl.members.find((m) => m.name === cl.leader?.value)?.state === 'running' &&
      (!cl.failover?.value.member || cl.failover.value.scheduledAt !== undefined),
    60_000,
    'a running leader and a settled failover key',
  )
  return snapshot(lab)
}

const why = (name: string, runs: readonly CaseRun[]) =>
  [
    name,
    ...runs.map(
      (x, i) => `${['patronictl', 'ptctl', 'ptctl as patronictl'][i] ?? i} (${x.r.code}):\n${x.r.stdout}${x.r.stderr}`,
    ),
  ].join('\n')

/** ptctl against patronictl: the exit class, the lines a script reads, the DCS effect (or the README's differences). */
export function compareNative(name: string, k: CompatCase, theirs: CaseRun, ours: CaseRun): void {
  const message = why(name, [theirs, ours])
  if (k.nativeDiffers !== undefined) {
    if (k.effect !== false) expect(ours.effect, message).toEqual(theirs.effect)
    expect(ours.r.stderr.split('\n').filter((l) => l.startsWith('Error:')).length, message).toBeLessThanOrEqual(1)
    return
  }
  if ((k.exit ?? 'same') === 'same') expect(ours.r.code === 0, message).toBe(theirs.r.code === 0)
  else expect([theirs.r.code, ours.r.code !== 0], message).toEqual([0, true])
  if (k.effect !== false) expect(ours.effect, message).toEqual(theirs.effect)
  if (k.outputDiffers === undefined) {
    const lines = k.lines ?? ((out: string, s: State) => [...tableRows(out, s), ...textLines(out, s)])
    expect(lines(ours.r.stdout, ours.s), message).toEqual(lines(theirs.r.stdout, theirs.s))
  }
  // ptctl never answers a usage mistake with click's usage screen or a traceback: one Error line at most
  expect(ours.r.stderr.split('\n').filter((l) => l.startsWith('Error:')).length, message).toBeLessThanOrEqual(1)
}

const TIMESTAMP = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:[.,]\d+)?/g
/** The example time in the schedule question (an hour from now, to the minute): two runs may straddle a minute. */
const EXAMPLE_TIME = /\(e\.g\. \d{4}-\d\d-\d\dT\d\d:\d\d \)/g

/** Where a Python library lives on this machine (in a warning patronictl logs): the same words wherever it is. */
const PYTHON_SOURCE = /\/\S+\/(\w+\.py):\d+:/g

/**
 * A table whose content is a moment of a cluster in motion (after a switchover, a restart): its shape only — the
 * title's name, the column names and the number of rows — since two runs never catch the same moment.
 */
function tableShapes(text: string): string {
  return text
    .split('\n')
    .map((l) => {
      const title = /^\+ ((?:Citus )?[Cc]luster: \S+)/.exec(l)
      if (title) return `TITLE ${title[1] ?? ''}`
      if (/^\+[-+]+\+$/.test(l)) return 'RULE'
      // the extended columns come and go with the moment (a pending restart left by an earlier case)
      if (/^\| Member /.test(l))
        return `HEADER ${l
          .split('|')
          .map((c) => c.trim())
          .filter((c) => !['Pending restart', 'Pending restart reason', 'Scheduled restart', 'Tags'].includes(c))
          .join('|')}`
      if (/^\| /.test(l)) return 'ROW'
      return l
    })
    .join('\n')
}

/**
 * reinit's question lists the replicas in the order of a Python set, which changes from run to run (hash
 * randomisation): compared in name order.
 */
const REINIT_QUESTION = /(Which member do you want to reinitialize \[)([^\]]*)(\]\?)/g

/** Output as compared byte for byte: times and member names (by role) normalised; racy tables by their shape. */
export function exactText(text: string, s: State, racyTables: boolean): string {
  const stamped = text.replace(TIMESTAMP, 'TIMESTAMP').replace(EXAMPLE_TIME, '(e.g. EXAMPLE_TIME )')
  const named = byRole(stamped.replace(PYTHON_SOURCE, 'PYTHON/$1:LINE:'), s).replace(
    REINIT_QUESTION,
    (_, a: string, names: string, b: string) => [a, names.split(', ').sort().join(', '), b].join(''),
  )
  return racyTables ? tableShapes(named) : named
}

/** ptctl as patronictl against patronictl: the exit code, stdout and stderr exactly, and the same DCS effect. */
export function compareExact(name: string, k: CompatCase, theirs: CaseRun, ours: CaseRun): void {
  const message = why(name, [theirs, ours])
  const racy = k.settle === true || k.rebuilds !== undefined || k.racy === true
  const text = (t: string, s: State) => {
    const named = exactText(t, s, racy)
    return k.patroniPicks === true ? named.replace(/\bR\d\b/g, 'REPLICA') : named
  }
  expect(ours.r.code, message).toBe(theirs.r.code)
  expect(text(ours.r.stdout, ours.s), message).toBe(text(theirs.r.stdout, theirs.s))
  if (k.tracebackInPatronictl === undefined)
    expect(text(ours.r.stderr, ours.s), message).toBe(text(theirs.r.stderr, theirs.s))
  else expect(theirs.r.stderr, message).toContain('Traceback (most recent call last)')
  const effect = (e: Record<string, unknown>): unknown =>
    k.patroniPicks === true ? JSON.parse(JSON.stringify(e).replace(/\bR\d\b/g, 'REPLICA')) : e
  if (k.effect !== false) expect(effect(ours.effect), message).toEqual(effect(theirs.effect))
}
