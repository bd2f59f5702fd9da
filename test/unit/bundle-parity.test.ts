import { cpSync, existsSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { ptctl, run } from '../helpers/cli.js'
import { tempDir } from '../helpers/leftovers.js'
import { DEAD, ETCD3, LINES } from '../helpers/startup-lines.js'

describe('the start-up bundle answers exactly as the usual oclif start', () => {
  it.each(LINES)('%s', async (_name, args, input) => {
    const [bundled, plain] = await Promise.all([
      ptctl(args, { env: { PTCTL_NO_BUNDLE: undefined }, ...(input === undefined ? {} : { input }) }),
      ptctl(args, { env: { PTCTL_NO_BUNDLE: '1' }, ...(input === undefined ? {} : { input }) }),
    ])
    expect(bundled.code, bundled.stderr).toBe(plain.code)
    expect(bundled.stdout).toBe(plain.stdout)
    expect(bundled.stderr).toBe(plain.stderr)
    // a line that prints nothing at all would prove nothing
    expect(bundled.stdout.length + bundled.stderr.length).toBeGreaterThan(0)
  })
})

describe('a damaged or partial bundle falls back instead of failing', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const packagesReport = fileURLToPath(new URL('../helpers/report-modules.cjs', import.meta.url))
  /** A copy of the built ptctl (bin/, dist/, package.json, manifest; node_modules linked) to damage. */
  function copy(): string {
    const dir = tempDir('ptctl-bundle-copy-')
    for (const part of ['bin', 'dist', 'package.json', 'oclif.manifest.json'])
      cpSync(join(root, part), join(dir, part), { recursive: true })
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
    return dir
  }
  const lines = [
    ['--help'],
    [...ETCD3, 'list', 'demo'],
    ['show-config', '-d', 'zookeeper://127.0.0.1:1', ...DEAD, 'demo'],
  ]

  /** Runs every line in the copy and in the real build: same answers; returns the npm packages the copy loaded. */
  async function sameAnswers(dir: string): Promise<string[][]> {
    const loaded: string[][] = []
    for (const args of lines) {
      const [r, wanted] = await Promise.all([
        run(process.execPath, ['-r', packagesReport, join(dir, 'bin/run.js'), ...args], {
          env: { PTCTL_NO_BUNDLE: undefined },
        }),
        ptctl(args),
      ])
      const [stderr, report = '[]'] = r.stderr.split('\nLOADED ')
      expect({ code: r.code, stdout: r.stdout, stderr }, args.join(' ')).toEqual({
        code: wanted.code,
        stdout: wanted.stdout,
        stderr: wanted.stderr,
      })
      loaded.push(JSON.parse(report) as string[])
    }
    return loaded
  }

  it('code caches V8 rejects (as one written by another Node version) are compiled from source', async () => {
    const dir = copy()
    const chunks = join(dir, 'dist/chunks')
    const caches = [
      join(dir, 'dist/ptctl.cjs.cache'),
      ...readdirSync(chunks)
        .filter((f) => f.endsWith('.cache'))
        .map((f) => join(chunks, f)),
    ]
    expect(caches.length).toBeGreaterThan(3)
    for (const file of caches) writeFileSync(file, Buffer.alloc(4096, 7))
    // still the bundle: oclif and etcd3 do not come from node_modules
    for (const packages of await sameAnswers(dir)) expect(packages).not.toContain('@oclif/core')
    // and said under PTCTL_DEBUG, for whoever wonders why it is slower
    const debug = await run(process.execPath, [join(dir, 'bin/run.js'), ...ETCD3, 'list', 'demo'], {
      env: { PTCTL_NO_BUNDLE: undefined, PTCTL_DEBUG: '1' },
    })
    expect(debug.stderr).toContain(`ptctl: V8 rejected the code cache ${join(dir, 'dist/ptctl.cjs.cache')}`)
    expect(debug.stderr).toMatch(/ptctl: V8 rejected the code cache .*chunks\/etcd3\.cjs\.cache/)
  })

  it('without its chunks the bundle loads the libraries from node_modules', async () => {
    const dir = copy()
    rmSync(join(dir, 'dist/chunks'), { recursive: true })
    expect(existsSync(join(dir, 'dist/ptctl.cjs'))).toBe(true)
    const [help, etcd3] = await sameAnswers(dir)
    expect(help).not.toContain('@oclif/core')
    expect(etcd3).toContain('etcd3')
    expect(etcd3).not.toContain('@oclif/core')
  })
})
