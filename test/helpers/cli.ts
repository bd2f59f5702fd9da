import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * ptctl under test: the packaged single executable when PTCTL_BIN names it (the suite's packaged run, scripts/test.sh),
 * else bin/run.js run by this Node.
 */
export const PACKAGED: string | undefined = process.env['PTCTL_BIN'] || undefined
export const BIN = PACKAGED ?? fileURLToPath(new URL('../../bin/run.js', import.meta.url))
/** The program and leading arguments that start ptctl. */
export const PTCTL: readonly [string, ...string[]] = PACKAGED !== undefined ? [PACKAGED] : [process.execPath, BIN]
/** The same, as a shell command line (the paths have no spaces or quotes). */
export const PTCTL_SHELL = PTCTL.join(' ')

export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** Runs a program to completion (never rejects), with a hard kill after `timeoutMs`. */
export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv
  readonly timeoutMs?: number
  readonly input?: string
  /** the working directory (default: the test's own) */
  readonly cwd?: string
  /** told the child's PID as soon as it starts (to record it in leftovers.ts) */
  readonly onSpawn?: (pid: number | undefined) => void
  /** a network namespace the test made, to run in (`ip netns exec`, which execs: the PID stays the program's) */
  readonly netns?: string
}

const IP = '/usr/sbin/ip'

/** `file args` as run inside `netns`, or as is */
function inNamespace(netns: string | undefined, file: string, args: readonly string[]): [string, string[]] {
  return netns === undefined ? [file, [...args]] : [IP, ['netns', 'exec', netns, file, ...args]]
}

export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const started = Date.now()
  const [program, argv] = inNamespace(options.netns, file, args)
  return new Promise((resolve) => {
    const child = execFile(
      program,
      argv,
      {
        env: { ...process.env, NO_COLOR: '1', ...options.env },
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : error.signal ? 128 : 1) : 0
        resolve({ code, stdout, stderr, ms: Date.now() - started })
      },
    )
    options.onSpawn?.(child.pid)
    if (options.input !== undefined) child.stdin?.end(options.input)
    else child.stdin?.end()
  })
}

/** The built ptctl, as a user runs it. */
export function ptctl(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return run(PTCTL[0], [...PTCTL.slice(1), ...args], options)
}

/** The real patronictl (Debian package) for side-by-side comparisons. */
export function patronictl(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  return run('/usr/bin/patronictl', args, options)
}

/**
 * Runs ptctl until its output satisfies `done` (a watch has drawn what the test waits for), then interrupts it as
 * Ctrl-C does; fails if that does not happen within `timeoutMs`. For commands that run until interrupted.
 */
export async function ptctlUntil(
  args: readonly string[],
  done: (stdout: string) => boolean,
  o: { env?: NodeJS.ProcessEnv; timeoutMs?: number; netns?: string } = {},
): Promise<CliResult> {
  const { spawn } = await import('node:child_process')
  const { trackProcess } = await import('./leftovers.js')
  const started = Date.now()
  const [program, argv] = inNamespace(o.netns, PTCTL[0], [...PTCTL.slice(1), ...args])
  const child = spawn(program, argv, { env: { ...process.env, NO_COLOR: '1', ...o.env } })
  const forget = trackProcess(child.pid)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number>((resolve) =>
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1))),
  )
  const deadline = started + (o.timeoutMs ?? 60_000)
  let gaveUp = false
  while (!done(stdout)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      gaveUp = true
      break
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGINT')
  const code = await exited
  forget()
  if (gaveUp)
    throw new Error(`ptctl ${args.join(' ')} did not print what was awaited; stdout:\n${stdout}\nstderr:\n${stderr}`)
  return { code, stdout, stderr, ms: Date.now() - started }
}
