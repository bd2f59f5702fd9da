import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { beforeAll, describe, expect, it } from 'vitest'

import { ptctl, run } from '../helpers/cli.js'
import { tempDir } from '../helpers/leftovers.js'

/**
 * Shell completion as a user installs it: bash and zsh through oclif's autocomplete plugin (its cache under
 * $XDG_CACHE_HOME), fish through `ptctl completion fish`; each script run in the real shell.
 */

const cache = tempDir('ptctl-completion-')
const env = { XDG_CACHE_HOME: cache }

/** What bash offers for the words typed so far (the plugin's completion function, as bash calls it). */
async function bashOffers(setup: string, words: string[]): Promise<string[]> {
  const line = words.join(' ')
  const script = [
    setup,
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `COMP_LINE='${line}'`,
    'COMP_POINT=${#COMP_LINE}',
    '_ptctl_autocomplete',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n')
  const r = await run('/bin/bash', ['-c', script], { env })
  expect(r.code, r.stderr).toBe(0)
  return r.stdout.split('\n').filter((l) => l !== '')
}

describe('bash and zsh: oclif autocomplete plugin', () => {
  let setup = ''
  beforeAll(async () => {
    const built = await ptctl(['autocomplete', 'bash'], { env })
    expect(built.code, built.stderr).toBe(0)
    expect(built.stdout).toContain('ptctl autocomplete script bash')
    setup = (await ptctl(['autocomplete', 'script', 'bash'], { env })).stdout
    expect(setup).toContain(cache)
  })

  it('completes commands, topic commands and flags', async () => {
    expect(await bashOffers(setup, ['ptctl', 'swi'])).toEqual(['switchover'])
    expect(await bashOffers(setup, ['ptctl', 'ev'])).toEqual(['events'])
    expect(await bashOffers(setup, ['ptctl', 'sandbox', 'u'])).toEqual(['up'])
    expect(await bashOffers(setup, ['ptctl', 'list', '--for'])).toEqual(['--format'])
    expect(await bashOffers(setup, ['ptctl', 'check', '--conc'])).toEqual(['--concurrency'])
    expect(await bashOffers(setup, ['ptctl', 'dsn', '--u'])).toEqual(['--uri', '--user'])
  })

  it('the zsh function the plugin writes is valid zsh', async () => {
    expect((await ptctl(['autocomplete', 'zsh'], { env })).code).toBe(0)
    const r = await run('/usr/bin/zsh', ['-n', join(cache, 'ptctl/autocomplete/functions/zsh/_ptctl')])
    expect(r.code, r.stderr).toBe(0)
  })
})

describe('fish: ptctl completion fish', () => {
  const script = join(cache, 'ptctl.fish')
  beforeAll(async () => {
    const r = await ptctl(['completion', 'fish'])
    expect(r.code, r.stderr).toBe(0)
    writeFileSync(script, r.stdout)
  })

  /** What fish offers for the line typed so far (`complete -C`), without the descriptions. */
  async function fishOffers(line: string): Promise<string[]> {
    const r = await run('/usr/bin/fish', ['--no-config', '-c', `source ${script}; complete -C '${line}'`])
    expect(r.code, r.stderr).toBe(0)
    return r.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t')[0] ?? '')
  }

  it('completes commands, topic commands, flags and the values of flags that take one of a list', async () => {
    expect(await fishOffers('ptctl swi')).toEqual(['switchover'])
    expect(await fishOffers('ptctl sandbox ')).toEqual(['down', 'status', 'up'])
    expect(await fishOffers('ptctl list --fo')).toEqual(['--format'])
    expect(await fishOffers('ptctl list --format ')).toEqual(['json', 'pretty', 'tsv', 'yaml', 'yml'])
    expect(await fishOffers('ptctl restart demo --role ')).toEqual(expect.arrayContaining(['leader', 'replica', 'any']))
    // a global flag before the command, and a path for -c
    expect(await fishOffers('ptctl --js')).toEqual(['--json'])
    expect(await fishOffers(`ptctl -c ${script.slice(0, -3)}`)).toEqual([script])
  })
})
