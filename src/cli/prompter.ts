import { UsageError } from '../errors.js'

export interface ConfirmQuestion {
  readonly message: string
  /** the flag that answers it without a prompt, named when there is no terminal */
  readonly flag: string
}

export interface InputQuestion extends ConfirmQuestion {
  readonly default?: string
}

/** How a command asks the user; Inquirer on a terminal, scripted answers in tests. */
export interface Prompter {
  /** yes/no, default no */
  confirm(q: ConfirmQuestion): Promise<boolean>
  input(q: InputQuestion): Promise<string>
}

/** Without a terminal a prompt would wait on stdin forever: fail at once and say which flag to give. */
export const nonInteractivePrompter: Prompter = {
  confirm: async (q) => {
    throw new UsageError(`"${q.message.trim()}" needs an answer and there is no terminal: give ${q.flag}`)
  },
  input: async (q) => {
    throw new UsageError(`"${q.message.trim()}" needs an answer and there is no terminal: give ${q.flag}`)
  },
}
