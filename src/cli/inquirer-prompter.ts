import { InterruptedError } from '../errors.js'
import type { Prompter } from './prompter.js'

function interrupted(e: unknown): never {
  if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError'))
    throw new InterruptedError()
  throw e
}

/** Prompts on the terminal with Inquirer; loaded only when a command really asks something. */
export const inquirerPrompter: Prompter = {
  confirm: async (q) => {
    const { confirm } = await import('@inquirer/prompts')
    return confirm({ message: q.message, default: false }, { output: process.stderr }).catch(interrupted)
  },
  input: async (q) => {
    const { input } = await import('@inquirer/prompts')
    return input(
      { message: q.message, ...(q.default !== undefined ? { default: q.default } : {}) },
      { output: process.stderr },
    ).catch(interrupted)
  },
}
