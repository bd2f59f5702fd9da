import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { PACKAGED, run } from '../helpers/cli.js'
import { tempDir } from '../helpers/leftovers.js'
import { ETCD3, LINES } from '../helpers/startup-lines.js'
import { bundled, packagedOrFail } from '../helpers/packaged.js'

/**
 * The single executable answers every start-up line as bin/run.js does: same exit code, stdout and stderr. The one
 * thing that may differ is what `version` says of the build itself (single executable or script), which is the
 * point of that field; it is compared with the field set aside.
 */
const buildSaid = (text: string) =>
  text
    .replace(/"singleExecutable": (true|false)/, '"singleExecutable": <which>')
    .replace(/, (single executable \(Node\.js \S+ inside\)|script run by Node\.js \S+)$/m, ', <which>')

describe('the single executable answers as bin/run.js', () => {
  const executable = packagedOrFail()

  it('is the packaged file, not bin/run.js', () => {
    expect(PACKAGED).toBe(executable)
    expect(executable).not.toMatch(/\.js$/)
  })

  it.each(LINES)('%s', async (_name, args, input) => {
    const options = input === undefined ? {} : { input }
    const [packaged, script] = await Promise.all([run(executable, args, options), bundled(args, options)])
    expect(packaged.code, packaged.stderr).toBe(script.code)
    expect(buildSaid(packaged.stdout)).toBe(buildSaid(script.stdout))
    expect(packaged.stderr).toBe(script.stderr)
    expect(packaged.stdout.length + packaged.stderr.length).toBeGreaterThan(0)
  })

  it('says which build it is: version, commit, build date, single executable', async () => {
    const [packaged, script] = await Promise.all([
      run(executable, ['version', '--json']),
      bundled(['version', '--json']),
    ])
    const doc = JSON.parse(packaged.stdout) as { ptctl: string; build: Record<string, unknown> }
    const scriptDoc = JSON.parse(script.stdout) as { ptctl: string; build: Record<string, unknown> }
    expect(doc.build).toMatchObject({
      singleExecutable: true,
      commit: scriptDoc.build['commit'],
      date: scriptDoc.build['date'],
    })
    expect(scriptDoc.build['singleExecutable']).toBe(false)
    expect(doc.build['date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const text = await run(executable, ['version'])
    expect(text.stdout.split('\n')[2]).toMatch(
      /^ptctl build: commit \S+, built \S+, single executable \(Node\.js [\d.]+ inside\)$/,
    )
  })

  it('reads no code cache from source: V8 takes every cache it holds', async () => {
    // a cache V8 rejected would be said under PTCTL_DEBUG (the scripts would be compiled from source: slower)
    for (const args of [
      ['--help'],
      ['list', '-d', 'etcd3://127.0.0.1:1', '--timeout', '0.3', 'demo'],
      ['autocomplete', '--help'],
    ]) {
      const r = await run(executable, args, { env: { PTCTL_DEBUG: '1' } })
      expect(r.stderr, args.join(' ')).not.toContain('rejected the code cache')
    }
  })

  it('invoked as patronictl through the link install-alias makes, it answers as patronictl, as bin/run.js does', async () => {
    const links = tempDir('ptctl-dropin-')
    const made = await run(executable, ['install-alias', '--dir', links])
    expect(made.stdout.trim()).toBe(`${join(links, 'patronictl')} -> ${executable}`)
    const scriptLinks = tempDir('ptctl-dropin-script-')
    symlinkSync(fileURLToPath(new URL('../../bin/run.js', import.meta.url)), join(scriptLinks, 'patronictl'))
    for (const args of [['version'], ['list', '--bogus'], [...ETCD3, 'list', 'demo'], ['list', '--help']]) {
      const [packaged, script] = await Promise.all([
        run(join(links, 'patronictl'), args),
        run(process.execPath, [join(scriptLinks, 'patronictl'), ...args]),
      ])
      expect({ code: packaged.code, stdout: packaged.stdout, stderr: packaged.stderr }, args.join(' ')).toEqual({
        code: script.code,
        stdout: script.stdout,
        stderr: script.stderr,
      })
    }
    expect((await run(join(links, 'patronictl'), ['version'])).stdout).toMatch(/^patronictl version \d+\.\d+\.\d+\n?$/)
  })
})
