import { closeSync, openSync, readSync, statSync } from 'node:fs'

import { ActionError } from '../errors.js'
import { findFault, lastWords, LogReader } from './log-faults.js'
import { isRunning } from './processes.js'
import type { SandboxProcess } from './state.js'

/** What was appended to `file` from byte `from` on (at most 1 MiB a call); undefined when it cannot be read. */
function readFrom(file: string, from: number): Buffer | undefined {
  let fd: number | undefined
  try {
    const size = statSync(file).size
    if (size <= from) return Buffer.alloc(0)
    fd = openSync(file, 'r')
    const buffer = Buffer.alloc(Math.min(size - from, 1 << 20))
    const read = readSync(fd, buffer, 0, buffer.length, from)
    return buffer.subarray(0, read)
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/**
 * Watches the processes `sandbox up` started while it waits for them: one that exits, or whose log shows a fault it
 * will not recover from, ends the wait at once with the log's own words.
 */
export class StartWatch {
  private readonly watched: Array<{ process: SandboxProcess; log: LogReader }> = []

  constructor(private readonly progress: (line: string) => void) {}

  add(process: SandboxProcess): void {
    this.watched.push({ process, log: new LogReader(process.log, readFrom) })
  }

  /** Throws an ActionError naming the first process that died or logged a fault, after quoting its log. */
  check(): void {
    for (const { process, log } of this.watched) {
      log.poll()
      const fault = findFault(log.lines)
      const dead = !isRunning(process)
      if (!fault && !dead) continue
      // a process that died is read once more: its last words may have come after the previous read
      if (dead) log.poll()
      const quoted = findFault(log.lines) ?? { line: '', context: lastWords(log.lines) }
      for (const line of quoted.context) this.progress(`${process.name}| ${line}`)
      const what = dead ? `exited during start-up (pid ${process.pid})` : 'cannot start'
      throw new ActionError(
        `${process.name} ${what}${quoted.line !== '' ? `: ${quoted.line}` : ''}; its log is ${process.log}`,
      )
    }
  }
}
