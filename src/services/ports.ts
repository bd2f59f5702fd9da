/**
 * What the services need from the world beyond the DCS and the agents: time, and a way to ask the user. The command
 * layer provides them (the system clock; Inquirer on a terminal, piped lines otherwise); tests provide their own.
 */

/** Time as the services see it: a fixed clock in tests. */
export interface Clock {
  now(): Date
  /** resolves after `ms`, or as soon as `signal` aborts */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** the local zone's abbreviations (Python's time.tzname), which a scheduled time may name */
  localZoneNames(): readonly string[]
}

export interface ConfirmQuestion {
  /** patronictl's prompt text, without click's ` [y/N]: ` */
  readonly message: string
  /** the flag that answers it without a prompt, named when stdin ends before an answer */
  readonly flag: string
}

export interface InputQuestion extends ConfirmQuestion {
  /** shown as ` [default]` and taken for an empty answer; without one an empty answer is asked again (click) */
  readonly default?: string
  /** a password: never echoed */
  readonly hidden?: boolean
}

/** How a command asks the user: Inquirer on a terminal, answers read line by line otherwise, scripts in tests. */
export interface Prompter {
  /** yes/no, default no */
  confirm(q: ConfirmQuestion): Promise<boolean>
  input(q: InputQuestion): Promise<string>
}
