import { spawn } from 'node:child_process'
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs'

/**
 * One process for good: a PID plus the moment it started (field 22 of /proc/PID/stat). A PID alone may be reused by
 * an unrelated process once ours is gone; with its start time we never signal a stranger.
 */
export interface ProcessRef {
  readonly pid: number
  readonly startTicks?: string
}

interface ProcStat {
  readonly state: string
  readonly ppid: number
  readonly startTicks: string
}

function procStat(pid: number): ProcStat | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const state = rest[0] ?? ''
  return { state, ppid: Number(rest[1]), startTicks: rest[19] ?? '' }
}

/** This PID, named for good by its start time (undefined when nothing runs under it). */
export function processRef(pid: number): ProcessRef | undefined {
  const stat = procStat(pid)
  return stat ? { pid, startTicks: stat.startTicks } : undefined
}

/** The process is still the one we started, and is not a zombie waiting to be reaped. */
export function isRunning(ref: ProcessRef): boolean {
  const stat = procStat(ref.pid)
  if (!stat) return false
  if (stat.state === 'Z' || stat.state === 'X') return false
  return ref.startTicks === undefined || ref.startTicks === stat.startTicks
}

/** Every process descending from `pid` (children, their children...), as found now. */
export function descendants(pid: number): ProcessRef[] {
  const children = new Map<number, ProcessRef[]>()
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const stat = procStat(Number(entry))
    if (!stat) continue
    const list = children.get(stat.ppid) ?? []
    list.push({ pid: Number(entry), startTicks: stat.startTicks })
    children.set(stat.ppid, list)
  }
  const out: ProcessRef[] = []
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      out.push(child)
      visit(child.pid)
    }
  }
  visit(pid)
  return out
}

/**
 * Starts a detached process whose output goes to `log`, working in `cwd` (never the caller's directory, which the
 * process's user may not be allowed to enter); returns it, named for good.
 */
export function startDetached(
  command: string,
  args: readonly string[],
  o: { log: string; env: NodeJS.ProcessEnv; cwd: string },
): ProcessRef {
  const fd = openSync(o.log, 'a')
  try {
    const child = spawn(command, [...args], { detached: true, stdio: ['ignore', fd, fd], env: o.env, cwd: o.cwd })
    if (child.pid === undefined) throw new Error(`could not start ${command}`)
    child.unref()
    return processRef(child.pid) ?? { pid: child.pid }
  } finally {
    closeSync(fd)
  }
}

function signal(ref: ProcessRef, name: NodeJS.Signals): void {
  if (!isRunning(ref)) return
  try {
    process.kill(ref.pid, name)
  } catch {
    // gone between the check and the signal
  }
}

async function exited(ref: ProcessRef, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs
  while (isRunning(ref)) {
    if (Date.now() >= deadline) return false
    await new Promise((r) => setTimeout(r, 100))
  }
  return true
}

/**
 * Asks exactly this process to stop (`politely`, SIGTERM unless said otherwise), waits up to `graceMs`, then
 * SIGKILLs it. True when it was running.
 */
export async function stopProcess(
  ref: ProcessRef,
  graceMs: number,
  politely: NodeJS.Signals = 'SIGTERM',
): Promise<boolean> {
  if (!isRunning(ref)) return false
  signal(ref, politely)
  if (!(await exited(ref, graceMs))) {
    signal(ref, 'SIGKILL')
    await exited(ref, 5000)
  }
  return true
}

/** SIGKILL for each of these processes still running (leftovers of a tree whose root is gone). */
export async function killAll(refs: readonly ProcessRef[]): Promise<number> {
  const running = refs.filter(isRunning)
  for (const ref of running) signal(ref, 'SIGKILL')
  await Promise.all(running.map((ref) => exited(ref, 5000)))
  return running.length
}

/**
 * The postmaster PostgreSQL recorded in `dataDir/postmaster.pid`, if it still runs there: the PID in the file is
 * trusted only when that process's working directory is this data directory (a postmaster chdirs into it).
 */
export function postmasterOf(dataDir: string): ProcessRef | undefined {
  let pid: number
  try {
    pid = Number((readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0] ?? '').trim())
  } catch {
    return undefined
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  try {
    if (readlinkSync(`/proc/${pid}/cwd`) !== realpathSync(dataDir)) return undefined
  } catch {
    return undefined
  }
  const ref = processRef(pid)
  return ref && isRunning(ref) ? ref : undefined
}
