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
    const { input, password } = await import('@inquirer/prompts')
    if (q.hidden === true)
      return password({ message: q.message, mask: true }, { output: process.stderr }).catch(interrupted)
    return input(
      {
        message: q.message,
        // click asks again on an empty answer when there is no default
        ...(q.default !== undefined ? { default: q.default } : { required: true }),
      },
      { output: process.stderr },
    ).catch(interrupted)
  },
}
