import type { CtlConfig } from '../config/types.js'
import type { Face } from '../output/face.js'

export type { Clock }
import type { Dcs } from '../dcs/dcs.js'
import type { PatroniApi } from '../patroni-api/api.js'
import { localZoneNames } from './local-zone.js'
import type { Clock, Prompter } from '../services/ports.js'
import type { InterruptReport } from './interrupt.js'
import type { StdinReader } from './stdin.js'

/** Where a command writes: results to `out`, progress and warnings to `err`; the only way to the terminal. */
export interface Streams {
  /** a line of results (stdout) */
  out(text: string): void
  /** text without a line break on stdout (a terminal's clear-screen sequence) */
  outRaw(text: string): void
  /** a line of progress, warnings, errors (stderr) */
  err(text: string): void
  /** text without a line break (a prompt waiting for its answer) on stderr */
  errRaw(text: string): void
  readonly stdoutIsTty: boolean
  readonly stderrIsTty: boolean
  /** output that could not be written (undefined while all is well, or when nothing was to be written) */
  lost?(): LostOutput | undefined
  /** aborted once stdout is lost: a watch that only prints ends then (`ptctl list -W | head -3`) */
  readonly outputGone?: AbortSignal
}

/** Why stdout could not be written: its reader went away (a pipe to `head`: not a failure), or it is lost. */
export interface LostOutput {
  readonly readerGone: boolean
  readonly reason: string
}

/** Everything a command's service may use; built once per run by BaseCommand.createContext. */
export interface Context {
  readonly config: CtlConfig
  /** who this run answers as: ptctl, or patronictl (drop-in mode) */
  readonly face: Face
  /** opened on first use, so commands that never touch the DCS never load its client */
  dcs(): Promise<Dcs>
  /** created on first use, for the same reason */
  api(): Promise<PatroniApi>
  readonly streams: Streams
  readonly clock: Clock
  readonly prompt: Prompter
  /** standard input, for `--apply -` and `query -f -`; prompts read their answers from the same reader */
  readonly stdin: StdinReader
  /** what Ctrl-C reports as sent, and the temporary files it removes */
  readonly interrupt: InterruptReport
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) {
        resolve()
        return
      }
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      signal?.addEventListener('abort', done, { once: true })
    }),
  localZoneNames: () => localZoneNames(),
}
