import type { CtlConfig } from '../config/types.js'
import type { Dcs } from '../dcs/dcs.js'
import type { PatroniApi } from '../patroni-api/api.js'
import { localZoneNames } from './local-zone.js'
import type { Prompter } from './prompter.js'
import type { InterruptReport } from './interrupt.js'
import type { StdinReader } from './stdin.js'

/** Where a command writes: results to `out`, progress and warnings to `err`. */
export interface Streams {
  out(text: string): void
  err(text: string): void
  readonly stdoutIsTty: boolean
}

export interface Clock {
  now(): Date
  sleep(ms: number): Promise<void>
  /** the local zone's abbreviations (Python's time.tzname), which a scheduled time may name */
  localZoneNames(): readonly string[]
}

/** Everything a command's service may use; built once per run by BaseCommand.createContext. */
export interface Context {
  readonly config: CtlConfig
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
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  localZoneNames: () => localZoneNames(),
}
