import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { commandOf, servedByBundle } from '../../src/bundle-main.js'
import { COMMANDS } from '../../src/commands-index.js'

interface Manifest {
  commands: Record<string, { pluginName: string; summary?: string; description?: string; flags: object }>
}

const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as Manifest

describe('the bundle index of commands', () => {
  it("holds exactly the commands oclif's manifest lists for ptctl", () => {
    const own = Object.entries(manifest.commands)
      .filter(([, c]) => c.pluginName === 'ptctl')
      .map(([id]) => id)
    expect(own.length).toBeGreaterThan(20)
    expect(Object.keys(COMMANDS).sort()).toEqual(own.sort())
  })

  it('each entry is the class the manifest describes under that id', () => {
    for (const [id, command] of Object.entries(COMMANDS)) {
      const listed = manifest.commands[id]
      expect(command.summary, id).toBe(listed?.summary)
      expect(command.description, id).toBe(listed?.description)
      expect(Object.keys({ ...command.baseFlags, ...command.flags }).sort(), id).toEqual(
        Object.keys(listed?.flags ?? {}).sort(),
      )
    }
  })
})

describe('commandOf: which command the arguments name', () => {
  it.each([
    [['list', 'demo', '-f', 'json'], 'list', ['demo', '-f', 'json']],
    [['sandbox', 'up', '--dir', 'x'], 'sandbox:up', ['--dir', 'x']],
    [['completion', 'fish'], 'completion:fish', []],
    [['version'], 'version', []],
  ])('%j → %s', (args, id, rest) => {
    expect(commandOf(args)).toEqual({ id, rest })
  })

  it.each([[[]], [['lst']], [['sandbox']], [['autocomplete', 'bash']], [['--help']]])('%j → none', (args) => {
    expect(commandOf(args)).toBeUndefined()
  })
})

describe('servedByBundle: what is left to the usual oclif start', () => {
  it.each([[[]], [['--help']], [['list', '--help']], [['sandbox']], [['sandbox', '--help']], [['list', '-h']]])(
    'serves %j',
    (args) => {
      expect(servedByBundle(args)).toBe(true)
    },
  )

  // oclif would import() a hook or a plugin's command for these
  it.each([
    [['lst']],
    [['-h']],
    [['help', 'list']],
    [['autocomplete', 'bash']],
    [['sandbox', 'bogus']],
    [['--help', 'list']],
  ])('declines %j', (args) => {
    expect(servedByBundle(args)).toBe(false)
  })
})

describe("the bundle's command order (scripts/bundle.mjs sorts by code point where oclif uses localeCompare)", () => {
  it('is the same order for every command id of ptctl and its plugins', () => {
    const plugin = JSON.parse(
      readFileSync(
        new URL('../../node_modules/@oclif/plugin-autocomplete/oclif.manifest.json', import.meta.url),
        'utf8',
      ),
    ) as Manifest
    const ids = [...Object.keys(manifest.commands), ...Object.keys(plugin.commands)]
    expect(ids).toContain('autocomplete')
    const byLocale = [...ids].sort((a, b) => a.localeCompare(b))
    const byCodePoint = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    expect(byCodePoint).toEqual(byLocale)
    // and the ids are of the kind for which the two orders agree
    for (const id of ids) expect(id).toMatch(/^[a-z0-9:-]+$/)
  })
})
