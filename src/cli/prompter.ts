import { UsageError } from '../errors.js'
import type { ConfirmQuestion, InputQuestion, Prompter } from '../services/ports.js'

export type { ConfirmQuestion, InputQuestion, Prompter }

/** A source of answer lines; undefined at the end of input. */
export interface AnswerLines {
  line(): Promise<string | undefined>
}

/** click's rendering of a prompt: `TEXT [DEFAULT]: ` (the default shown even when empty), `TEXT [y/N]: `. */
export function promptText(q: InputQuestion): string {
  return q.default !== undefined ? `${q.message} [${q.default}]: ` : `${q.message}: `
}

const YES = new Set(['y', 'yes'])
const NO = new Set(['n', 'no'])

/**
 * patronictl's prompts answered from piped lines, as click answers them: the prompt text goes to `write` (stderr),
 * an empty answer takes the default, a confirmation takes y/yes/n/no and asks again on anything else. At the end of
 * input it fails at once naming the flag to give, so a job whose stdin is /dev/null never waits.
 */
export function linePrompter(
  lines: AnswerLines,
  write: (text: string) => void,
  o: {
    lineAfterAnswer: boolean
    /** a hidden answer (a password) as click asks for one without a terminal: its own way (see clickHidden) */
    hidden?: { before: (message: string) => void; after: () => void }
  } = { lineAfterAnswer: true },
): Prompter {
  const answer = async (prompt: string, flag: string): Promise<string> => {
    write(prompt)
    const line = await lines.line()
    // the answer is not echoed (click does not either): a piped secret never reaches the log; ptctl ends the line,
    // patronictl leaves the next output on it
    if (o.lineAfterAnswer) write('\n')
    if (line === undefined)
      throw new UsageError(`stdin ended before an answer to "${prompt.trim()}": give ${flag}`).saying({
        text: 'Aborted!',
      })
    return line
  }
  return {
    confirm: async (q) => {
      for (;;) {
        const reply = (await answer(`${q.message} [y/N]: `, q.flag)).trim().toLowerCase()
        if (reply === '' || NO.has(reply)) return false
        if (YES.has(reply)) return true
        write('Error: invalid input\n')
      }
    },
    input: async (q) => {
      for (;;) {
        if (q.hidden === true && o.hidden !== undefined) {
          o.hidden.before(q.message)
          const line = await lines.line()
          o.hidden.after()
          if (line === undefined)
            throw new UsageError(`stdin ended before an answer to "${q.message}": give ${q.flag}`).saying({
              text: 'Aborted!',
            })
          if (line !== '') return line
          continue
        }
        const reply = await answer(promptText(q), q.flag)
        if (reply !== '') return reply
        if (q.default !== undefined) return q.default
      }
    },
  }
}

/**
 * How patronictl asks for a hidden answer without a terminal: click writes `Password:` on stdout, then Python's
 * getpass, unable to hide the input, logs Python's GetPassWarning (Debian's Python 3.11), warns on stderr and writes
 * its own prompt (a space) there, and a line break once the answer is read.
 */
export function clickHidden(
  out: (text: string) => void,
  err: (text: string) => void,
  logWarning: (text: string) => void,
): { before: (message: string) => void; after: () => void } {
  return {
    before: (message) => {
      out(`${message}:`)
      logWarning(
        '/usr/lib/python3.11/getpass.py:91: GetPassWarning: Can not control echo on the terminal.\n  passwd = fallback_getpass(prompt, stream)\n',
      )
      err('Warning: Password input may be echoed.\n ')
    },
    after: () => err('\n'),
  }
}
