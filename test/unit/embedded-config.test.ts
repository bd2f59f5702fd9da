import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { embeddedConfig, unknownCommand, type Embedded } from '../../src/bundle-main.js'

// what the single executable holds in place of a package folder (scripts/package.mjs), read here from the checkout
const json = (path: string) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as never
const embedded: Embedded = {
  ptctl: { pjson: json('package.json'), manifest: json('oclif.manifest.json') },
  autocomplete: {
    pjson: json('node_modules/@oclif/plugin-autocomplete/package.json'),
    manifest: json('node_modules/@oclif/plugin-autocomplete/oclif.manifest.json'),
  },
}
// a root with no package.json or manifest in it: nothing may be read from there
const config = await embeddedConfig('/nonexistent/ptctl-root', embedded)

describe("oclif's config from the embedded packages (the single executable's)", () => {
  it('knows every command of ptctl and of the autocomplete plugin, and the sandbox topic', () => {
    expect(config.findCommand('list')?.pluginName).toBe('ptctl')
    expect(config.findCommand('sandbox:up')?.pluginName).toBe('ptctl')
    expect(config.findCommand('autocomplete')?.pluginName).toBe('@oclif/plugin-autocomplete')
    expect(config.findTopic('sandbox')?.description).toMatch(/throwaway local Patroni cluster/)
    expect(config.commands.length).toBe(
      Object.keys(embedded.ptctl.manifest.commands).length +
        Object.keys(embedded.autocomplete.manifest.commands).length,
    )
    expect(config.version).toBe(embedded.ptctl.pjson.version)
    expect(config.bin).toBe('ptctl')
  })

  it('loads a command class from the program, not from a file', async () => {
    const list = await config.findCommand('list')?.load()
    expect(list?.summary).toBe(embedded.ptctl.manifest.commands['list']?.summary)
  })
})

describe('unknownCommand: what oclif would hand to the command_not_found hook', () => {
  it.each([
    [['lst'], 'lst'],
    [['help', 'list'], 'help:list'],
    [['sandbox', 'bogus'], 'sandbox:bogus'],
    [['-x'], '-x'],
  ])('%j → %s', (args, id) => {
    expect(unknownCommand(args, config)).toBe(id)
  })

  it.each([
    [[]],
    [['list']],
    [['sandbox']],
    [['sandbox', 'up']],
    [['autocomplete', 'bash']],
    [['lst', '--help']],
    [['--version']],
  ])('%j → none (a command, a topic, help or the version flag)', (args) => {
    expect(unknownCommand(args, config)).toBeUndefined()
  })
})
