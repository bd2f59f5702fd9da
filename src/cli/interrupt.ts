import { ExitCode } from '../exit-codes.js'

/**
 * Ctrl-C (exit 130), SIGTERM (exit 143, as `timeout` or a CI runner sends it) or SIGHUP (exit 129, a closed SSH
 * session or terminal): one line saying what was already
 * sent (and may still be carried out), temporary files removed.
 * The REST client and the DCS report here every request that changes something, before sending it.
 */
export class InterruptReport {
  private readonly sent: string[] = []
  private readonly cleanups = new Set<() => void>()

  /** a request that changes something is about to be sent */
  sending(what: string): void {
    this.sent.push(what)
  }

  /** the requests that change something sent so far, in order */
  sentSoFar(): readonly string[] {
    return this.sent
  }

  /** runs `fn` on Ctrl-C (a temporary file to remove); the returned function unregisters it */
  onInterrupt(fn: () => void): () => void {
    this.cleanups.add(fn)
    return () => this.cleanups.delete(fn)
  }

  /** The line printed on Ctrl-C. */
  message(): string {
    if (this.sent.length === 0) return 'Interrupted: nothing was sent, nothing changed'
    return `Interrupted after sending ${this.sent.join(', ')}: ${this.sent.length === 1 ? 'it' : 'they'} may still be carried out; check with 'ptctl list'`
  }

  /** Installs the handlers for this run; `write` prints the line, `exit` ends the process. */
  install(write: (line: string, code: number) => void, exit: (code: number) => void): void {
    const onSignal = (code: number) => () => {
      for (const fn of this.cleanups) {
        try {
          fn()
        } catch {
          // a cleanup that fails must not hide the report
        }
      }
      write(this.message(), code)
      exit(code)
    }
    process.once('SIGINT', onSignal(ExitCode.interrupted))
    process.once('SIGTERM', onSignal(ExitCode.terminated))
    process.once('SIGHUP', onSignal(ExitCode.hangup))
  }
}
