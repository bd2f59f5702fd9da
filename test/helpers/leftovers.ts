import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { processRef, stopProcess } from '../../src/sandbox/processes.js'
import { sandboxDown } from '../../src/sandbox/sandbox.js'

/**
 * Everything a test file starts (servers, sandboxes, a `sandbox up` still running, a tmux server) and every temporary
 * folder it makes is recorded twice: here in memory, for the afterAll (test/helpers/cleanup-after-file.ts) that
 * removes it when the file ends, whatever happened in it; and on disk, for a watchdog process (reaper.mjs) that
 * removes it if the test worker itself dies (a crash, SIGKILL, Ctrl-C to the runner) before that afterAll runs.
 */
export type Leftover =
  | { readonly kind: 'process'; readonly pid: number; readonly startTicks?: string; readonly graceMs: number }
  | { readonly kind: 'sandbox'; readonly dir: string }
  | { readonly kind: 'tmux'; readonly socket: string }
  | { readonly kind: 'dir'; readonly path: string }
  | { readonly kind: 'netns'; readonly name: string }

/** The order that lets each thing go: a process that may still be starting a sandbox, then sandboxes, then folders. */
const ORDER: Record<Leftover['kind'], number> = { process: 0, sandbox: 1, netns: 1, tmux: 2, dir: 3 }

const REAPER = fileURLToPath(new URL('./reaper.mjs', import.meta.url))
const tracked = new Map<number, Leftover>()
let nextId = 0
/** one registry (and one reaper) per test file: cleanUpAll removes it, and its reaper exits */
let generation = 0
let registryDir: string | undefined

function startReaper(): string {
  if (registryDir !== undefined) return registryDir
  registryDir = join(tmpdir(), `ptctl-reaper-${process.pid}-${generation++}`)
  mkdirSync(registryDir, { recursive: true })
  const me = processRef(process.pid)
  const child = spawn(process.execPath, [REAPER, registryDir, String(process.pid), me?.startTicks ?? ''], {
    detached: true,
    stdio: 'ignore',
  })
  child.unref()
  return registryDir
}

/** Records `item`; the returned function forgets it (the test removed it itself). */
export function track(item: Leftover): () => void {
  const registry = startReaper()
  const id = nextId++
  tracked.set(id, item)
  writeFileSync(join(registry, `${id}.json`), JSON.stringify(item))
  return () => {
    tracked.delete(id)
    rmSync(join(registry, `${id}.json`), { force: true })
  }
}

/** A temporary folder removed when the test file ends (or by the reaper if the worker dies first). */
export function tempDir(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix))
  track({ kind: 'dir', path })
  return path
}

/** A child process the test started and must not outlive the file. */
export function trackProcess(pid: number | undefined, graceMs = 10_000): () => void {
  if (pid === undefined) return () => undefined
  const ref = processRef(pid)
  return track({ kind: 'process', pid, ...(ref?.startTicks ? { startTicks: ref.startTicks } : {}), graceMs })
}

async function remove(item: Leftover): Promise<void> {
  switch (item.kind) {
    case 'process': {
      const ref = item.startTicks !== undefined ? { pid: item.pid, startTicks: item.startTicks } : { pid: item.pid }
      await stopProcess(ref, item.graceMs)
      return
    }
    case 'sandbox':
      await sandboxDown(item.dir).catch(() => undefined)
      return
    case 'tmux':
      await new Promise((resolve) =>
        spawn('/usr/bin/tmux', ['-L', item.socket, 'kill-server'], { stdio: 'ignore' }).on('close', resolve),
      )
      return
    case 'dir':
      rmSync(item.path, { recursive: true, force: true })
      return
    case 'netns':
      // its interfaces go with it (a veth pair dies with either end)
      await new Promise((resolve) =>
        spawn('/usr/sbin/ip', ['netns', 'delete', item.name], { stdio: 'ignore' }).on('close', resolve),
      )
      return
  }
}

/** Removes everything still recorded, in order; then the registry itself, which lets the reaper exit. */
export async function cleanUpAll(): Promise<void> {
  for (const rank of [0, 1, 2, 3]) {
    const items = [...tracked.entries()].filter(([, item]) => ORDER[item.kind] === rank)
    await Promise.all(items.map(([, item]) => remove(item)))
    for (const [id] of items) tracked.delete(id)
  }
  if (registryDir !== undefined) rmSync(registryDir, { recursive: true, force: true })
  registryDir = undefined
}
