import { readFileSync, readlinkSync } from 'node:fs'

import type { LostOutput, Streams } from './context.js'

/**
 * Was stdout closed by the caller (`ptctl list >&-`)? Node puts /dev/null, opened read-write, in place of a closed
 * standard stream before any script runs, and that is also what a caller who discards the output gives (Python's
 * DEVNULL, Go's exec, libuv's 'ignore', systemd's null): so bin/run.js's first line, run by sh before Node starts,
 * says it (PTCTL_STDOUT_CLOSED), and it counts only while fd 1 is that /dev/null. Started as `node bin/run.js`, a
 * closed stdout cannot be told from a discarded one and is taken as discarded.
 */
function stdoutWasClosed(): boolean {
  const said = process.env['PTCTL_STDOUT_CLOSED'] === '1'
  // not passed on to what ptctl starts (an editor, a Patroni node)
  delete process.env['PTCTL_STDOUT_CLOSED']
  if (!said) return false
  try {
    if (readlinkSync('/proc/self/fd/1') !== '/dev/null') return false
    const flags = /^flags:\s+(\d+)/m.exec(readFileSync('/proc/self/fdinfo/1', 'utf8'))?.[1]
    return flags !== undefined && (parseInt(flags, 8) & 0o3) === 0o2
  } catch {
    return false
  }
}

/** How a failed write is told: the reader went away (a pipe to `head`), or the output is lost for good. */
function lostBecause(e: unknown): LostOutput {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return { readerGone: true, reason: 'the reader went away' }
  if (code === 'ENOSPC') return { readerGone: false, reason: 'no space left on the device (ENOSPC)' }
  if (code === 'EBADF') return { readerGone: false, reason: 'stdout is closed' }
  return { readerGone: false, reason: `${code ?? 'error'}: ${(e as Error).message}` }
}

/** Set once this process's stdout failed: nothing may wait for it to drain any more (oclif's flush would). */
let stdoutFailed = false

export function stdoutHasFailed(): boolean {
  return stdoutFailed
}

/**
 * The process's stdout and stderr, each line ending with one newline (click.echo's way). A write that fails does not
 * crash the command: stdout is marked lost (see Streams.lost) and later output is dropped, so an action still ends as
 * it would; the base command then reports the lost output. A failed stderr is dropped silently.
 */
export function processStreams(): Streams {
  const gone = new AbortController()
  let lost: LostOutput | undefined
  const lose = (why: LostOutput) => {
    stdoutFailed = true
    lost ??= why
    gone.abort()
  }
  if (stdoutWasClosed()) lose({ readerGone: false, reason: 'stdout is closed' })
  let wrote = false
  let stderrGone = false
  // @oclif/core rethrows every stdout error but EPIPE from its own listener, which crashes on a full disk: this run
  // owns stdout's errors
  process.stdout.removeAllListeners('error')
  process.stdout.on('error', (e) => lose(lostBecause(e)))
  process.stderr.on('error', () => (stderrGone = true))
  const out = (text: string) => {
    wrote = true
    if (lost !== undefined) return
    try {
      process.stdout.write(text)
    } catch (e) {
      lose(lostBecause(e))
    }
  }
  const err = (text: string) => {
    if (stderrGone) return
    try {
      process.stderr.write(text)
    } catch {
      stderrGone = true
    }
  }
  return {
    out: (text) => out(`${text}\n`),
    outRaw: out,
    err: (text) => err(`${text}\n`),
    errRaw: err,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    lost: () => (wrote ? lost : undefined),
    outputGone: gone.signal,
  }
}
