import { spawn } from 'node:child_process'
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { isRunning, postmasterOf, processRef } from '../../src/sandbox/processes.js'
import { readState, type SandboxState } from '../../src/sandbox/state.js'
import { ptctl, run, type CliResult } from '../helpers/cli.js'
import { eventually } from '../helpers/dcs-dump.js'
import { tempDir, trackProcess } from '../helpers/leftovers.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs')
const FIXTURE_CONFIG = join(ROOT, 'test/fixtures/leftovers/vitest.config.ts')
const CHECK = join(ROOT, 'scripts/check-leftovers.mjs')

/** A folder PostgreSQL (run as postgres) can reach: mkdtemp makes it 0700. */
function reachableTempDir(prefix: string): string {
  const dir = tempDir(prefix)
  chmodSync(dir, 0o755)
  return dir
}

/** The run's own checker: any process working in `dir` or naming it, and (unless processesOnly) anything in it. */
const leftoversIn = (dir: string, processesOnly = false): Promise<CliResult> =>
  run(process.execPath, [CHECK, dir, ...(processesOnly ? ['--processes-only'] : [])])

/** Every process a sandbox recorded, and its PostgreSQL: none may still run. */
function expectAllStopped(state: SandboxState): void {
  for (const p of [state.store, ...state.nodes]) expect(isRunning(p), `${p.name} (pid ${p.pid})`).toBe(false)
  for (const n of state.nodes) expect(postmasterOf(n.dataDir), `${n.name}'s postmaster`).toBeUndefined()
}

/**
 * Half-way through `sandbox up`: the DCS and the first Patroni node are running (`withPostgres`: and that node's
 * PostgreSQL too), the cluster is not up yet.
 */
async function halfWay(findSandboxDir: () => string | undefined, withPostgres = false): Promise<SandboxState> {
  const seen = await eventually(
    async () => {
      const dir = findSandboxDir()
      return dir === undefined ? undefined : readState(dir)
    },
    (s) =>
      s !== undefined &&
      isRunning(s.store) &&
      s.nodes.some((n) => isRunning(n) && (!withPostgres || postmasterOf(n.dataDir) !== undefined)),
    60_000,
    `sandbox up to have started its DCS and a Patroni node${withPostgres ? ' with its PostgreSQL' : ''}`,
  )
  if (!seen) throw new Error('unreachable: eventually returned without a state')
  return seen
}

/** A two-node `sandbox up` left running, and its process once it started (recorded to be stopped in any case). */
function upInBackground(dir: string): { up: Promise<CliResult>; upProcess: () => ReturnType<typeof processRef> } {
  let pid: number | undefined
  const up = ptctl(['sandbox', 'up', '--dir', dir, '--nodes', '2'], {
    timeoutMs: 200_000,
    onSpawn: (started) => {
      pid = started
      trackProcess(started, 60_000)
    },
  })
  return { up, upProcess: () => (pid === undefined ? undefined : processRef(pid)) }
}

describe('ptctl sandbox up stops what it started when it does not finish', () => {
  it('SIGTERM half-way: up stops the DCS, Patroni and PostgreSQL itself and exits 143; nothing is left running', async () => {
    const dir = join(reachableTempDir('ptctl-leftovers-'), 'sb')
    const { up, upProcess } = upInBackground(dir)
    const state = await halfWay(() => dir, true)
    const upRef = upProcess()
    expect(upRef, 'the sandbox up process').toBeDefined()
    if (upRef) process.kill(upRef.pid, 'SIGTERM')
    const r = await up
    expect(r.code, r.stderr).toBe(143)
    expect(r.stderr).toContain('stopping what it started')
    expectAllStopped(readState(dir) ?? state)
    const check = await leftoversIn(dir, true)
    expect(check.code, check.stderr).toBe(0)
  })

  it('a cluster that is not healthy in time: up fails (exit 1) and stops everything it started', async () => {
    const dir = join(reachableTempDir('ptctl-leftovers-'), 'sb')
    const r = await ptctl(['sandbox', 'up', '--dir', dir, '--nodes', '1', '--wait-timeout', '1'], {
      timeoutMs: 120_000,
      onSpawn: (pid) => trackProcess(pid, 60_000),
    })
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).toContain('was not healthy after 1s')
    const state = readState(dir)
    expect(state?.nodes.length).toBe(1)
    if (state) expectAllStopped(state)
    const check = await leftoversIn(dir, true)
    expect(check.code, check.stderr).toBe(0)
  })

  it('up killed with SIGKILL half-way: sandbox down stops whatever it had recorded, PostgreSQL included', async () => {
    const dir = join(reachableTempDir('ptctl-leftovers-'), 'sb')
    const { up, upProcess } = upInBackground(dir)
    await halfWay(() => dir, true)
    const upRef = upProcess()
    expect(upRef, 'the sandbox up process').toBeDefined()
    if (upRef) process.kill(upRef.pid, 'SIGKILL')
    expect((await up).code).toBe(128)
    // up could not clean up after itself: its DCS and Patroni still run
    const before = await leftoversIn(dir, true)
    expect(before.code, 'processes of the killed up still running').toBe(1)
    const down = await ptctl(['sandbox', 'down', '--dir', dir], { timeoutMs: 90_000 })
    expect(down.code, down.stderr).toBe(0)
    expect(down.stdout).toMatch(/^stopped /)
    const state = readState(dir)
    if (state) expectAllStopped(state)
    const after = await leftoversIn(dir, true)
    expect(after.code, after.stderr).toBe(0)
  })
})

/**
 * The suite's own guarantee: a test file that starts a sandbox and is cut short leaves nothing. A fixture test file
 * (test/fixtures/leftovers) runs in a test runner of its own, with a temporary folder of its own as TMPDIR, and is
 * cut short half-way through starting a one-node sandbox.
 */
describe('a test run cut short leaves no process and no folder behind', () => {
  function runFixture(mode: 'kill' | 'interrupt' | 'hook-timeout') {
    const tmp = reachableTempDir('ptctl-leftovers-run-')
    const pidFile = join(tmp, 'worker.pid')
    // the runner must not think it is a worker of this one
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')))
    const runner = spawn(process.execPath, [VITEST, 'run', '--config', FIXTURE_CONFIG], {
      cwd: ROOT,
      env: { ...env, TMPDIR: tmp, LEFTOVERS_MODE: mode, LEFTOVERS_PID_FILE: pidFile },
      // a process group of its own: Ctrl-C reaches the runner and everything in its foreground job
      detached: true,
      stdio: 'ignore',
    })
    trackProcess(runner.pid, 90_000)
    const exited = new Promise<void>((resolve) => runner.once('exit', () => resolve()))
    const sandboxDir = () => readdirSync(tmp).find((e) => e.startsWith('ptctl-e2e-'))
    return { tmp, pidFile, runner, exited, sandboxDir: () => sandboxDir() && join(tmp, sandboxDir() ?? '') }
  }

  /**
   * vitest keeps a module cache in a folder of TMPDIR (a random name holding `ssr/`) that it removes only when it
   * exits normally: the runner's, not the test files', so not what is checked here.
   */
  function removeRunnerCache(tmp: string): void {
    for (const entry of readdirSync(tmp)) {
      const path = join(tmp, entry)
      if (/^[\w-]{21}$/.test(entry) && existsSync(join(path, 'ssr'))) rmSync(path, { recursive: true, force: true })
    }
  }

  /** Nothing left once the watchdog (or the file's own afterAll) has done its work; the run's folder is empty. */
  async function expectNothingLeft(tmp: string, state: SandboxState | undefined): Promise<void> {
    removeRunnerCache(tmp)
    const result = await eventually(
      () => leftoversIn(tmp),
      (r) => r.code === 0,
      120_000,
      'the run to leave no process and nothing in its TMPDIR',
    ).catch(async (e: Error) => {
      const r = await leftoversIn(tmp)
      throw new Error(`${e.message}\n${r.stderr}`)
    })
    expect(result.code).toBe(0)
    if (state) expectAllStopped(state)
  }

  it('the test worker is killed (SIGKILL) while its sandbox is half-way up', async () => {
    const fixture = runFixture('kill')
    const state = await halfWay(fixture.sandboxDir, true)
    const worker = processRef(Number(readFileSync(fixture.pidFile, 'utf8')))
    expect(worker, 'the worker that wrote its PID').toBeDefined()
    expect(worker?.pid).toBeGreaterThan(1)
    if (worker) process.kill(worker.pid, 'SIGKILL')
    await fixture.exited
    rmSync(fixture.pidFile, { force: true })
    await expectNothingLeft(fixture.tmp, state)
  })

  it('Ctrl-C to the test runner (SIGINT to its process group) while a sandbox is half-way up', async () => {
    const fixture = runFixture('interrupt')
    const state = await halfWay(fixture.sandboxDir)
    const group = fixture.runner.pid
    expect(group).toBeGreaterThan(1)
    // the group of the runner this test started (its PID is the group's id), never another
    if (group !== undefined && group > 1) process.kill(-group, 'SIGINT')
    await fixture.exited
    rmSync(fixture.pidFile, { force: true })
    await expectNothingLeft(fixture.tmp, state)
  })

  it("a setup that times out half-way: the file's own cleanup stops the sandbox before the runner exits", async () => {
    const fixture = runFixture('hook-timeout')
    await fixture.exited
    const marker = join(fixture.tmp, 'halfway')
    expect(existsSync(marker), 'the fixture saw its sandbox half-way up before its setup timed out').toBe(true)
    const state = JSON.parse(readFileSync(marker, 'utf8')) as SandboxState
    rmSync(marker)
    rmSync(fixture.pidFile, { force: true })
    expect(fixture.sandboxDir(), 'the sandbox folder is removed').toBeUndefined()
    await expectNothingLeft(fixture.tmp, state)
  })
})
