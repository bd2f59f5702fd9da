import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { Flags } from '@oclif/core'
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  COMMAND_TOPICS,
  hoistGlobalFlags,
  normaliseArgv,
  spellingsOf,
  type OclifFlagShape,
} from '../../src/cli/argv.js'
import { parseCommandLine, type CommandLineShape } from '../../src/cli/parse-command-line.js'
import { UsageError } from '../../src/errors.js'

const COMMANDS_DIR = fileURLToPath(new URL('../../src/commands/', import.meta.url))

/** Every command class, by its command id (`list`, `sandbox up`). */
async function allCommands(): Promise<Array<[string, CommandLineShape]>> {
  const files = readdirSync(COMMANDS_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
  const out: Array<[string, CommandLineShape]> = []
  for (const f of files.sort()) {
    const module = (await import(`${COMMANDS_DIR}${f}`)) as { default: CommandLineShape }
    out.push([f.replace(/\.ts$/, '').replace('/', ' '), module.default])
  }
  return out
}

describe('global options before the command (patronictl group options)', () => {
  it.each([
    [
      ['-c', 'f.yml', 'list'],
      ['list', '--config-file=f.yml'],
    ],
    [
      ['-c', 'f.yml', '-k', 'list', 'demo', '-e'],
      ['list', '--config-file=f.yml', '--insecure', 'demo', '-e'],
    ],
    // a last option missing its value stays missing: the global option is not taken for it
    [
      ['-c', 'f.yml', 'list', '-f'],
      ['list', '--config-file=f.yml', '-f'],
    ],
    [
      ['-kc', 'f.yml', 'list'],
      ['list', '--insecure', '--config-file=f.yml'],
    ],
    [
      ['--config-file=f', '--dcs', 'etcd3://h', 'sandbox', 'up'],
      ['sandbox', 'up', '--config-file=f', '--dcs-url=etcd3://h'],
    ],
    [
      ['-cf.yml', 'query', '--', '-x'],
      ['query', '--config-file=f.yml', '--', '-x'],
    ],
    [
      ['-c', 'f.yml', 'query', '-c', 'SELECT 1'],
      ['query', '--config-file=f.yml', '-c', 'SELECT 1'],
    ],
    [
      ['-c', 'f.yml', 'sandbox', 'up', '--dir', 'x'],
      ['sandbox', 'up', '--config-file=f.yml', '--dir', 'x'],
    ],
    // patronictl (click) keeps the last of a repeated option
    [
      ['-c', 'a.yml', '-c', 'b.yml', 'list'],
      ['list', '--config-file=b.yml'],
    ],
    // before the command, --timeout is the per-call deadline even for restart (whose own --timeout differs)
    [
      ['--timeout', '3', 'restart', 'demo'],
      ['restart', '--request-timeout=3', 'demo'],
    ],
    [
      ['list', '-c', 'f'],
      ['list', '-c', 'f'],
    ],
    [
      ['--json', '-k', 'list'],
      ['list', '--json', '--insecure'],
    ],
    [['--help'], ['--help']],
  ])('%j → %j', (input, output) => {
    expect(hoistGlobalFlags(input)).toEqual(output)
  })

  it('the two-word commands are exactly those of the topics it knows', async () => {
    const topics = new Set((await allCommands()).flatMap(([id]) => (id.includes(' ') ? [id.split(' ')[0]] : [])))
    expect([...topics].sort()).toEqual([...COMMAND_TOPICS].sort())
  })
})

describe('normaliseArgv reads options as click does', () => {
  const specs = spellingsOf({
    set: { type: 'option', char: 's', multiple: true },
    format: { type: 'option', char: 'f' },
    force: { type: 'boolean' },
    extended: { type: 'boolean', char: 'e' },
    timestamp: { type: 'boolean', char: 't' },
    leader: { type: 'option', aliases: ['primary', 'master'] },
  })
  it.each([
    // a multi-value option never takes the positional after its value
    [
      ['-s', 'a=1', 'demo', '--force'],
      ['--set=a=1', '--force', '--', 'demo'],
    ],
    [
      ['demo', '-s', 'a=1', '-s', 'b=2'],
      ['--set=a=1', '--set=b=2', '--', 'demo'],
    ],
    // the last of a repeated single-value option
    [
      ['-f', 'json', '-f', 'tsv'],
      ['--format=tsv', '--'],
    ],
    [
      ['--format=json', '-ftsv', 'x'],
      ['--format=tsv', '--', 'x'],
    ],
    // bundled booleans, a value attached to the last short option, aliases
    [['-etfjson'], ['--extended', '--timestamp', '--format=json', '--']],
    [
      ['--master', 'pg1', '--primary=pg2'],
      ['--leader=pg2', '--'],
    ],
    // a value is the next token whatever it looks like; `--` ends the options; `-` is a positional
    [
      ['--leader', 'x', '--', '-f', 'tsv'],
      ['--leader=x', '--', '-f', 'tsv'],
    ],
    [
      ['-', '--force'],
      ['--force', '--', '-'],
    ],
    // unknown options are left for oclif to name
    [
      ['--nope', 'demo'],
      ['--nope', '--', 'demo'],
    ],
  ])('%j → %j', (input, output) => {
    expect(normaliseArgv(input, specs)).toEqual(output)
  })
  it.each([
    // an empty value is no value (an unset variable in a script), as patronictl reads it
    [
      ['--candidate=', '--force'],
      ['--force', '--'],
    ],
    [
      ['--candidate', '', 'demo'],
      ['--', 'demo'],
    ],
    [
      ['--scheduled=', '--primary=', '--candidate', 'pg2'],
      ['--candidate=pg2', '--'],
    ],
    // the last one counts: an empty last value unsets an earlier one
    [['--candidate', 'pg2', '--candidate='], ['--']],
    // a choice, a number, a member, SQL: an empty value is a value (refused, or not found, as patronictl does)
    [['--format='], ['--format=', '--']],
    [['--group='], ['--group=', '--']],
    [
      ['-m', ''],
      ['--member=', '--'],
    ],
    [
      ['-c', ''],
      ['--command=', '--'],
    ],
  ])('empty values: %j → %j', (input, output) => {
    const flags = spellingsOf({
      candidate: { type: 'option' },
      scheduled: { type: 'option' },
      leader: { type: 'option', aliases: ['primary', 'master'] },
      format: { type: 'option', char: 'f', options: ['pretty', 'json'] },
      group: Flags.integer({}),
      member: { type: 'option', char: 'm' },
      command: { type: 'option', char: 'c' },
      force: { type: 'boolean' },
    })
    expect(normaliseArgv(input, flags)).toEqual(output)
  })

  it('every command: an empty value of any free-text option is no value, parsed as if it was not written', async () => {
    for (const [id, command] of await allCommands()) {
      const flags = { ...command.baseFlags, ...command.flags } as Record<string, OclifFlagShape>
      for (const spelling of spellingsOf(flags).filter((f) => f.emptyIsUnset)) {
        const positionals =
          Object.keys(command.args ?? {}).length === 0 ? [] : id === 'flush' ? ['demo', 'restart'] : ['demo']
        const parsed = await parseCommandLine(command, [`--${spelling.name}=`, ...positionals])
        const without = await parseCommandLine(command, positionals)
        expect((parsed.flags as Record<string, unknown>)[spelling.name], `${id} --${spelling.name}=`).toEqual(
          (without.flags as Record<string, unknown>)[spelling.name],
        )
      }
    }
  })

  it("a command's own option wins over a global option's alias of the same spelling", () => {
    const withGlobal = spellingsOf({
      'dcs-url': { type: 'option', char: 'd', aliases: ['dcs'] },
      dcs: { type: 'option' },
    })
    expect(normaliseArgv(['--dcs', 'etcd'], withGlobal)).toEqual(['--dcs=etcd', '--'])
    expect(normaliseArgv(['-d', 'etcd3://h'], withGlobal)).toEqual(['--dcs-url=etcd3://h', '--'])
  })

  it('refuses what click refuses', () => {
    expect(() => normaliseArgv(['--format'], specs)).toThrow("Option '--format' requires an argument.")
    expect(() => normaliseArgv(['--force=yes'], specs)).toThrow("Option '--force' does not take a value.")
  })
})

interface FlagDef extends OclifFlagShape {
  readonly options?: readonly string[]
}

/** One way of writing an option occurrence. */
type Spelling = 'long-eq' | 'long-space' | 'short-attached' | 'short-space' | 'alias'

/** `others`: the command's option names, which shadow an alias spelt the same (sandbox up's --dcs) */
function spell(
  name: string,
  def: FlagDef,
  value: string | undefined,
  how: Spelling,
  others: readonly string[] = [],
): string[] {
  const alias = def.aliases?.find((a) => !others.includes(a))
  const long = how === 'alias' && alias !== undefined ? alias : name
  const short = def.char
  if (value === undefined) return short !== undefined && how.startsWith('short') ? [`-${short}`] : [`--${long}`]
  if (short !== undefined && how === 'short-attached') return [`-${short}${value}`]
  if (short !== undefined && how === 'short-space') return [`-${short}`, value]
  return how === 'long-eq' ? [`--${long}=${value}`] : [`--${long}`, value]
}

function valueFor(def: FlagDef, seed: number): string {
  return def.options && def.options.length > 0 ? (def.options[seed % def.options.length] ?? '') : String(2 + (seed % 7))
}

describe('every command parses any order, spelling and repetition of its command line the same way', async () => {
  const commands = await allCommands()
  it('found the commands', () => {
    expect(commands.map(([id]) => id)).toEqual(
      expect.arrayContaining(['list', 'switchover', 'edit-config', 'sandbox up']),
    )
  })

  it.each(commands)('%s', async (_id, command) => {
    const flags = { ...command.baseFlags, ...command.flags } as Record<string, FlagDef>
    const argNames = Object.keys(command.args ?? {})
    const maxPositionals = command.strict === false ? 3 : argNames.length
    const names = Object.keys(flags)
    const occurrenceArb = fc.record({
      name: fc.constantFrom(...names),
      seed: fc.nat(50),
      how: fc.constantFrom<Spelling>('long-eq', 'long-space', 'short-attached', 'short-space', 'alias'),
      decoy: fc.boolean(),
      where: fc.nat(maxPositionals),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(occurrenceArb, { selector: (o) => o.name, maxLength: 5 }),
        fc.array(fc.constantFrom('demo', 'pg1', 'pg2', 'restart'), { maxLength: maxPositionals }),
        fc.boolean(),
        async (occurrences, positionals, dashdash) => {
          // the plain form: every option as --name value, then the positionals
          const plain: string[] = []
          for (const o of occurrences) {
            const def = flags[o.name] as FlagDef
            const values =
              def.type === 'boolean'
                ? [undefined]
                : def.multiple
                  ? [valueFor(def, o.seed), valueFor(def, o.seed + 1)]
                  : [valueFor(def, o.seed)]
            for (const v of values) plain.push(...spell(o.name, def, v, 'long-space'))
          }
          plain.push(...positionals)
          // the same command line as a script might write it: options among the positionals, other spellings,
          // an earlier value of a single-value option overridden by the later one, positionals after `--`
          const pieces: string[][] = positionals.map((p) => [p])
          const inserted: Array<{ at: number; tokens: string[] }> = []
          for (const o of occurrences) {
            const def = flags[o.name] as FlagDef
            const tokens: string[] = []
            if (o.decoy && def.type === 'option' && !def.multiple)
              tokens.push(...spell(o.name, def, valueFor(def, o.seed + 3), 'long-eq'))
            if (o.decoy && def.type === 'boolean') tokens.push(...spell(o.name, def, undefined, 'long-space'))
            const values =
              def.type === 'boolean'
                ? [undefined]
                : def.multiple
                  ? [valueFor(def, o.seed), valueFor(def, o.seed + 1)]
                  : [valueFor(def, o.seed)]
            for (const v of values) tokens.push(...spell(o.name, def, v, o.how, names))
            inserted.push({ at: dashdash ? 0 : Math.min(o.where, pieces.length), tokens })
          }
          const mixed: string[] = []
          for (let i = 0; i <= pieces.length; i++) {
            for (const ins of inserted) if (ins.at === i) mixed.push(...ins.tokens)
            if (dashdash && i === 0) mixed.push('--')
            if (i < pieces.length) mixed.push(...(pieces[i] ?? []))
          }
          const expected = await parseCommandLine(command, plain).catch((e: unknown) => e)
          const actual = await parseCommandLine(command, mixed).catch((e: unknown) => e)
          if (expected instanceof Error) {
            // a command line the command refuses is refused whatever its order
            expect(actual, JSON.stringify(mixed)).toBeInstanceOf(Error)
            return
          }
          if (actual instanceof Error) throw new Error(`${JSON.stringify(mixed)} failed: ${actual.message}`)
          const e = expected as Awaited<ReturnType<typeof parseCommandLine>>
          const a = actual as Awaited<ReturnType<typeof parseCommandLine>>
          expect({ flags: a.flags, args: a.args, argv: a.argv }, JSON.stringify(mixed)).toEqual({
            flags: e.flags,
            args: e.args,
            argv: e.argv,
          })
        },
      ),
      { numRuns: 150, seed: 20261128 },
    )
  })

  it('every accepted alias is named in the help of its command (--primary, --master, --dcs)', () => {
    for (const [id, command] of commands) {
      const flags = { ...command.baseFlags, ...command.flags } as Record<
        string,
        { aliases?: string[]; description?: string }
      >
      for (const [name, flag] of Object.entries(flags))
        for (const alias of flag.aliases ?? [])
          expect(flag.description ?? '', `${id} --${name}`).toContain(`--${alias}`)
    }
  })

  it('click-style mistakes are usage errors', async () => {
    const list = commands.find(([id]) => id === 'list')?.[1]
    expect(list).toBeDefined()
    await expect(parseCommandLine(list as CommandLineShape, ['-f'])).rejects.toBeInstanceOf(UsageError)
  })
})
