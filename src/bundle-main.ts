import { Config, flush, handle, run } from '@oclif/core'

import { COMMANDS } from './commands-index.js'
import { stdoutHasFailed } from './cli/process-streams.js'

export { hoistGlobalFlags } from './cli/argv.js'

/** The oclif id of the command `args` names (`sandbox up` → `sandbox:up`), and the arguments after it. */
export function commandOf(args: readonly string[]): { id: string; rest: string[] } | undefined {
  const [first = '', second = ''] = args
  if (COMMANDS[`${first}:${second}`]) return { id: `${first}:${second}`, rest: args.slice(2) }
  if (COMMANDS[first]) return { id: first, rest: args.slice(1) }
  return undefined
}

const HELP = new Set(['--help'])
const TOPICS = new Set(Object.keys(COMMANDS).flatMap((id) => (id.includes(':') ? [id.split(':')[0]] : [])))

/**
 * Whether the bundle can serve `args` alone: ptctl's own commands, their help and the root help. Anything else (a
 * plugin's command, `help X`, a misspelt command) makes oclif load modules with import(), which a script compiled by
 * vm.Script cannot do without an experimental Node flag, so the usual oclif start takes it.
 */
export function servedByBundle(args: readonly string[]): boolean {
  const [first = '', ...rest] = args
  if (commandOf(args)) return true
  if (args.length === 0 || (args.length === 1 && first === '--help')) return true
  return TOPICS.has(first) && rest.every((a) => HELP.has(a))
}

/**
 * The start-up path of the bundle (dist/ptctl.cjs, loaded with its V8 code cache by bin/run.js): a ptctl command is
 * run from the bundled classes, without oclif looking it up on disk; help goes through oclif's router. `args` have
 * their leading global flags moved after the command already. Returns false, having done nothing, for what
 * `servedByBundle` refuses.
 */
export async function main(args: string[], root: string): Promise<boolean> {
  if (!servedByBundle(args)) return false
  try {
    const config = await Config.load(root)
    const found = commandOf(args)
    if (found && !found.rest.some((a) => HELP.has(a))) {
      // Command.run with the config already loaded (the index holds the abstract base type)
      const command = COMMANDS[found.id] as unknown as { run(argv: string[], config: Config): Promise<unknown> }
      await command.run(found.rest, config)
    } else {
      await run(args, config)
    }
    // oclif's flush waits for a 'drain' that a failed stdout (a full disk, a reader gone) never sends
    if (!stdoutHasFailed()) await flush()
  } catch (error) {
    // what oclif's execute() does with an error that escapes a command
    await handle(error as Error)
  }
  return true
}
