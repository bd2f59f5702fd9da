import { chmodSync, existsSync, readlinkSync, statSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { dirname, join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { freePorts, portTaken } from '../../src/sandbox/ports.js'
import { isRunning } from '../../src/sandbox/processes.js'
import { readState, type SandboxState } from '../../src/sandbox/state.js'
import { ptctl, type CliResult } from '../helpers/cli.js'
import { eventually } from '../helpers/dcs-dump.js'
import { tempDir, track, trackProcess } from '../helpers/leftovers.js'

/**
 * What a new user meets: `sandbox up` started from a private folder (root's home is 0700), with the usual ports of a
 * system etcd and PostgreSQL taken, twice in a row; and the faults that must end `up` at once, in one line.
 */

/** A folder the postgres account can walk into (mkdtemp makes 0700 ones), to hold a sandbox. */
function reachable(prefix: string): string {
  const dir = tempDir(prefix)
  chmodSync(dir, 0o755)
  return dir
}

const held: Server[] = []
const connections: Socket[] = []
afterAll(async () => {
  for (const c of connections) c.destroy()
  await Promise.all(held.map((s) => new Promise((r) => s.close(r))))
})

/** Holds 127.0.0.1:`port` for the rest of the file, unless something else already does. */
async function hold(port: number): Promise<void> {
  if (await portTaken(port)) return
  // whoever connects (a client looking for its usual server) is let in and dropped when the file ends
  const server = createServer((c) => connections.push(c))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  held.push(server)
}

/** `count` consecutive free ports, for --port-base. */
async function freeRange(count: number): Promise<number> {
  for (const candidate of await freePorts(20)) {
    const base = candidate - (candidate % 16)
    if (base < 1024 || base + count > 65000) continue
    const taken = await Promise.all(Array.from({ length: count }, (_, i) => portTaken(base + i)))
    if (!taken.includes(true)) return base
  }
  throw new Error(`no ${count} consecutive free ports found`)
}

const up = (dir: string, extra: string[] = [], cwd?: string): Promise<CliResult> =>
  ptctl(['sandbox', 'up', '--dir', dir, '--json', ...extra], {
    timeoutMs: 240_000,
    onSpawn: (pid) => trackProcess(pid, 60_000),
    ...(cwd !== undefined ? { cwd } : {}),
  })

const processesOf = (s: SandboxState) => [s.store, ...s.nodes]

describe('sandbox up where a new user starts it', () => {
  it('from a 0700 working directory, with 2379 and 5432 taken: a healthy cluster; again: reused; after down: replaced', async () => {
    const cwd = tempDir('ptctl-private-cwd-')
    expect(statSync(cwd).mode & 0o777).toBe(0o700)
    await hold(2379)
    await hold(5432)
    const dir = join(reachable('ptctl-first-'), 'sb')
    track({ kind: 'sandbox', dir })

    const first = await up(dir, [], cwd)
    expect(first.code, first.stderr).toBe(0)
    const state = JSON.parse(first.stdout) as SandboxState & { outcome: string }
    expect(state.outcome).toBe('started')
    // every node works in its own folder, never in the caller's
    for (const node of state.nodes) expect(readlinkSync(`/proc/${node.pid}/cwd`)).toBe(dirname(node.configFile))
    const list = await ptctl(['-c', state.ctlConfig, 'list', '-f', 'json'], { cwd })
    expect(list.code, list.stderr).toBe(0)
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(3)

    const again = await up(dir, [], cwd)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain(`reusing the sandbox already running in ${dir}`)
    const reused = JSON.parse(again.stdout) as SandboxState & { outcome: string }
    expect(reused.outcome).toBe('reused')
    expect(processesOf(reused).map((p) => p.pid)).toEqual(processesOf(state).map((p) => p.pid))

    const other = await up(dir, ['--nodes', '2'], cwd)
    expect(other.code).toBe(1)
    expect(other.stderr).toMatch(/^Error: A sandbox with other settings \(etcd3, 3 nodes, scope demo\) is running in /m)

    const down = await ptctl(['sandbox', 'down', '--dir', dir], { timeoutMs: 90_000 })
    expect(down.code, down.stderr).toBe(0)
    const third = await up(dir, [], cwd)
    expect(third.code, third.stderr).toBe(0)
    expect(third.stderr).toContain(`replacing the stopped sandbox in ${dir}`)
    const replaced = JSON.parse(third.stdout) as SandboxState & { outcome: string }
    expect(replaced.outcome).toBe('started')
    expect(processesOf(replaced).every(isRunning)).toBe(true)
    expect(processesOf(state).some(isRunning)).toBe(false)
  })

  it.runIf(process.getuid?.() === 0)(
    'a --dir the postgres user cannot reach: one line naming the folder and the fix; nothing is started',
    async () => {
      const privateParent = tempDir('ptctl-private-')
      const dir = join(privateParent, 'sb')
      const r = await up(dir)
      expect(r.code).toBe(2)
      const errors = r.stderr.split('\n').filter((l) => l !== '')
      expect(errors).toEqual([
        `Error: Cannot start the sandbox: the postgres user cannot reach the sandbox directory ${dir}: ${privateParent} is mode 0700 (owner uid 0); give a folder the postgres user can enter (--dir under /tmp), or chmod o+x ${privateParent}`,
      ])
      expect(existsSync(join(dir, 'sandbox.json'))).toBe(false)
    },
  )

  it('a Patroni killed while up waits: up ends on it, quoting its log, and stops the rest', async () => {
    const dir = join(reachable('ptctl-first-'), 'sb')
    track({ kind: 'sandbox', dir })
    const running = up(dir, ['--wait-timeout', '180'])
    const seen = await eventually(
      async () => readState(dir),
      (s) => s !== undefined && s.nodes.some((n) => n.name === 'pg1' && isRunning(n) && statSync(n.log).size > 0),
      60_000,
      'sandbox up to have started pg1, and pg1 to have written to its log',
    )
    const pg1 = seen?.nodes.find((n) => n.name === 'pg1')
    expect(pg1).toBeDefined()
    if (pg1) process.kill(pg1.pid, 'SIGKILL')
    const r = await running
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).toMatch(
      new RegExp(`^Error: pg1 exited during start-up \\(pid ${pg1?.pid}\\); its log is ${dir}/pg1/patroni.log$`, 'm'),
    )
    expect(r.stderr).toMatch(/^pg1\| .+INFO: /m)
    expect(r.stderr).not.toContain('not healthy after')
    const state = readState(dir)
    expect(state && processesOf(state).some(isRunning)).toBe(false)
  })

  it("a node whose PostgreSQL port is taken: up ends on the log's own words, not after its timeout", async () => {
    const base = await freeRange(8)
    await hold(base + 2)
    const dir = join(reachable('ptctl-first-'), 'sb')
    track({ kind: 'sandbox', dir })
    const r = await up(dir, ['--port-base', String(base), '--wait-timeout', '180'])
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).toMatch(
      new RegExp(
        `^Error: pg1 cannot start: .*could not bind IPv4 address "127\\.0\\.0\\.1": Address already in use; its log is ${dir}/pg1/patroni.log$`,
        'm',
      ),
    )
    expect(r.stderr).toContain(`pg1| `)
    expect(r.stderr).toContain(`port ${base + 2}`)
    const state = readState(dir)
    expect(state && processesOf(state).some(isRunning)).toBe(false)
  })

  it('a DCS port that is taken is refused before anything starts', async () => {
    const base = await freeRange(8)
    await hold(base)
    const dir = join(reachable('ptctl-first-'), 'sb')
    const r = await up(dir, ['--port-base', String(base)])
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe(
      `Error: Port ${base} (the DCS client port) is in use on 127.0.0.1: choose another --port-base`,
    )
    expect(readState(dir)).toBeUndefined()
  })
})
