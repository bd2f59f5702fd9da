import { spawn } from 'node:child_process'

import { describe, expect, it } from 'vitest'

import { descendants, isRunning, killAll, processRef, stopProcess } from '../../src/sandbox/processes.js'
import { trackProcess } from '../helpers/leftovers.js'

/** A node process that ignores SIGTERM, as a Patroni whose DCS is gone may: only SIGKILL ends it. */
async function stubborn(): Promise<{ pid: number; exited: Promise<number | null> }> {
  const script = "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] })
  if (child.pid === undefined) throw new Error('could not start node')
  trackProcess(child.pid)
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? 9 : 0)),
  )
  // its SIGTERM handler is installed once it says so
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
  return { pid: child.pid, exited }
}

describe('stopping exactly the processes we started', () => {
  it('a process that ignores SIGTERM is killed once the grace period is over', async () => {
    const p = await stubborn()
    const ref = processRef(p.pid)
    expect(ref && isRunning(ref)).toBe(true)
    if (ref) expect(await stopProcess(ref, 300)).toBe(true)
    expect(await p.exited, 'ended by SIGKILL').toBe(9)
    expect(ref && isRunning(ref)).toBe(false)
  })

  it('a PID now used by another process (another start time) is never signalled', async () => {
    const p = await stubborn()
    const ref = processRef(p.pid)
    expect(ref?.startTicks).toMatch(/^\d+$/)
    const stranger = { pid: p.pid, startTicks: `${ref?.startTicks ?? ''}1` }
    expect(isRunning(stranger)).toBe(false)
    expect(await stopProcess(stranger, 100, 'SIGKILL')).toBe(false)
    expect(ref && isRunning(ref)).toBe(true)
    if (ref) await stopProcess(ref, 100)
    await p.exited
  })

  it('finds the processes under a parent, its grandchildren included', async () => {
    const child = spawn('/bin/sh', ['-c', 'sleep 60 & sleep 60 & wait'], { stdio: 'ignore' })
    trackProcess(child.pid)
    const pid = child.pid ?? 0
    let found: number[] = []
    for (let i = 0; i < 50 && found.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50))
      found = descendants(pid).map((d) => d.pid)
    }
    expect(found.length, 'the two sleeps under the shell').toBe(2)
    const refs = descendants(pid)
    expect(await killAll(refs)).toBe(2)
    for (const ref of refs) expect(isRunning(ref)).toBe(false)
  })
})
