import type { CtlConfig } from '../config/types.js'
import type { Dcs } from '../dcs/dcs.js'
import type { PatroniApi } from '../patroni-api/api.js'
import type { Prompter } from './prompter.js'

/** Where a command writes: results to `out`, progress and warnings to `err`. */
export interface Streams {
  out(text: string): void
  err(text: string): void
  readonly stdoutIsTty: boolean
}

export interface Clock {
  now(): Date
  sleep(ms: number): Promise<void>
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
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}
