import { createRequire } from 'node:module'

import * as oclif from '@oclif/core'
import { Config, flush, handle, run, type Command } from '@oclif/core'
import { getHelpFlagAdditions, normalizeArgv } from '@oclif/core/help'

import { COMMANDS } from './commands-index.js'
import { stdoutHasFailed } from './cli/process-streams.js'
import { EmbeddedPlugin, type EmbeddedPackage } from './cli/embedded-plugin.js'
import commandNotFound from './hooks/command-not-found.js'

export { hoistGlobalFlags } from './cli/argv.js'
export type { EmbeddedPackage } from './cli/embedded-plugin.js'

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
 * vm.Script cannot do without an experimental Node flag, so the usual oclif start takes it. (The single executable has
 * no usual start: it serves everything from its embedded plugins, see `Embedded`.)
 */
export function servedByBundle(args: readonly string[]): boolean {
  const [first = '', ...rest] = args
  if (commandOf(args)) return true
  if (args.length === 0 || (args.length === 1 && first === '--help')) return true
  return TOPICS.has(first) && rest.every((a) => HELP.has(a))
}

/**
 * What the single executable holds in place of a package folder: ptctl's package.json and manifest and those of its
 * core plugin @oclif/plugin-autocomplete, whose commands are in a chunk of the bundle.
 */
export interface Embedded {
  ptctl: EmbeddedPackage
  autocomplete: EmbeddedPackage
}

/** The autocomplete plugin's command classes (the bundle's `autocomplete` chunk), on the bundle's own oclif. */
export function autocompleteCommands(): Readonly<Record<string, Command.Class>> {
  ;(globalThis as Record<symbol, unknown>)[Symbol.for('ptctl.oclif')] = oclif
  return createRequire(import.meta.url)('@oclif/plugin-autocomplete') as Record<string, Command.Class>
}

/** oclif's config from the embedded packages: nothing is read from disk, no module is import()ed. */
export async function embeddedConfig(root: string, embedded: Embedded): Promise<Config> {
  const own = new EmbeddedPlugin(embedded.ptctl, root, true, () => COMMANDS)
  const plugin = new EmbeddedPlugin(embedded.autocomplete, root, false, autocompleteCommands)
  const config = await Config.load({
    root,
    pjson: embedded.ptctl.pjson,
    plugins: new Map<string, oclif.Interfaces.Plugin>([
      [own.name, own],
      [plugin.name, plugin],
    ]),
  })
  return config
}

/**
 * The command id `args` name when oclif's run would find neither a command nor a topic under it (and would run the
 * command_not_found hook); undefined for help, the version flag, a command or a topic.
 */
export function unknownCommand(args: readonly string[], config: Config): string | undefined {
  const help = getHelpFlagAdditions(config)
  const beforeDashes = args.slice(0, args.includes('--') ? args.indexOf('--') : undefined)
  if (args.length === 0 || beforeDashes.some((a) => help.includes(a)) || args[0] === '--version') return undefined
  const [id = ''] = normalizeArgv(config, [...args])
  return config.findCommand(id) || config.findTopic(id) ? undefined : id
}

/** ptctl's command_not_found hook, called as oclif calls it (oclif would load it from its file). */
async function notFound(id: string, argv: readonly string[], config: Config): Promise<void> {
  const context = { config, debug() {}, error: oclif.Errors.error, exit: oclif.Errors.exit, log() {}, warn() {} }
  const options = { id, argv: [...argv], config, context }
  await commandNotFound.call(context, options)
}

/**
 * The start-up path of the bundle (dist/ptctl.cjs, loaded with its V8 code cache by bin/run.js or the single
 * executable): a ptctl command is run from the bundled classes, without oclif looking it up on disk; help goes through
 * oclif's router. `args` have their leading global flags moved after the command already. Returns false, having done
 * nothing, for what `servedByBundle` refuses, unless the packages are `embedded`: then everything is served.
 */
export async function main(args: string[], root: string, embedded?: Embedded): Promise<boolean> {
  if (!embedded && !servedByBundle(args)) return false
  try {
    const config = embedded ? await embeddedConfig(root, embedded) : await Config.load(root)
    const found = commandOf(args)
    if (found && !found.rest.some((a) => HELP.has(a))) {
      // Command.run with the config already loaded (the index holds the abstract base type)
      const command = COMMANDS[found.id] as unknown as { run(argv: string[], config: Config): Promise<unknown> }
      await command.run(found.rest, config)
    } else if (embedded && unknownCommand(args, config) !== undefined) {
      await notFound(unknownCommand(args, config) ?? '', args, config)
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
