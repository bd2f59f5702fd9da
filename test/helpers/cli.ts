import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

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
  /** told the child's PID as soon as it starts (to record it in leftovers.ts) */
  readonly onSpawn?: (pid: number | undefined) => void
}

export function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = execFile(
      file,
      [...args],
      {
        env: { ...process.env, NO_COLOR: '1', ...options.env },
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
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
  return run(process.execPath, [BIN, ...args], options)
}

/** The real patronictl (Debian package) for side-by-side comparisons. */
export function patronictl(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  return run('/usr/bin/patronictl', args, options)
}
