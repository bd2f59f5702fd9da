import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'

/** Starts a detached process whose output goes to `log`; returns its PID. */
export function startDetached(command: string, args: readonly string[], log: string, env: NodeJS.ProcessEnv): number {
  const fd = openSync(log, 'a')
  try {
    const child = spawn(command, [...args], { detached: true, stdio: ['ignore', fd, fd], env })
    if (child.pid === undefined) throw new Error(`could not start ${command}`)
    child.unref()
    return child.pid
  } finally {
    closeSync(fd)
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Sends SIGTERM to exactly this PID, waits up to `graceMs`, then SIGKILL. */
export async function stopPid(pid: number, graceMs: number): Promise<void> {
  if (!isAlive(pid)) return
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return
  }
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** The postmaster PID PostgreSQL recorded in its data directory, if it is still running. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number((readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0] ?? '').trim())
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined
  } catch {
    return undefined
  }
}
