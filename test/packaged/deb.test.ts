import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { beforeAll, describe, expect, it } from 'vitest'

import { run } from '../helpers/cli.js'
import { tempDir } from '../helpers/leftovers.js'
import { bundled } from '../helpers/packaged.js'

/**
 * The Debian package as a DBA installs it: dpkg into a fresh root (its own dpkg database, so this machine's is left
 * alone; apt checks its dependencies against this machine's in a simulation), then what it put there: the executable, completions each shell loads, the man page, the docs; lintian;
 * and removal leaves nothing.
 */

const deb = process.env['PTCTL_DEB'] ?? ''
const checkout = fileURLToPath(new URL('../..', import.meta.url))

/** A root with an empty dpkg database. */
function freshRoot(): string {
  const root = tempDir('ptctl-deb-root-')
  mkdirSync(join(root, 'var/lib/dpkg/info'), { recursive: true })
  mkdirSync(join(root, 'var/lib/dpkg/updates'), { recursive: true })
  writeFileSync(join(root, 'var/lib/dpkg/status'), '')
  return root
}

// the libraries it depends on are this machine's, not in the fresh root's database
const dpkg = (root: string, ...args: string[]) => run('/usr/bin/dpkg', [`--root=${root}`, '--force-depends', ...args])

const FILES = [
  '/usr/bin/ptctl',
  '/usr/share/bash-completion/completions/ptctl',
  '/usr/share/zsh/vendor-completions/_ptctl',
  '/usr/share/fish/vendor_completions.d/ptctl.fish',
  '/usr/share/man/man1/ptctl.1.gz',
  '/usr/share/doc/ptctl/README.md.gz',
  '/usr/share/doc/ptctl/copyright',
  '/usr/share/doc/ptctl/changelog.gz',
  '/usr/share/lintian/overrides/ptctl',
]

describe('ptctl_VERSION_amd64.deb', () => {
  let root = ''
  beforeAll(async () => {
    expect(existsSync(deb), `PTCTL_DEB must name the package npm run package built (${deb})`).toBe(true)
    root = freshRoot()
    const installed = await dpkg(root, '-i', deb)
    expect(installed.code, installed.stderr).toBe(0)
  })

  it('installs the executable, completions, man page and docs, and nothing else', async () => {
    const listed = (await dpkg(root, '-L', 'ptctl')).stdout.split('\n').filter((l) => l !== '')
    const files = listed.filter((path) => !existsSync(join(root, path)) || !readdirSafe(join(root, path)))
    expect(files.sort()).toEqual([...FILES].sort())
    const control = (await run('/usr/bin/dpkg-deb', ['-f', deb])).stdout
    expect(control).toMatch(/^Package: ptctl$/m)
    expect(control).toMatch(/^Architecture: amd64$/m)
    expect(control).toMatch(/^Depends: .*libc6 \(>= [\d.]+\)/m)
  })

  it('its Depends are met on this Debian machine: apt would install it and nothing else', async () => {
    const r = await run('/usr/bin/apt-get', ['install', '--simulate', '-q', deb])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Inst ptctl /m)
    expect(r.stdout).toMatch(/^0 upgraded, 1 newly installed, 0 to remove/m)
  })

  it('lintian finds no error in it', async () => {
    // lintian leaves its MLDBM scratch files in TMPDIR: a folder of the test's own, removed with it
    const scratch = tempDir('ptctl-lintian-')
    const r = await run('/usr/bin/lintian', ['--fail-on', 'error', deb], {
      timeoutMs: 240_000,
      env: { TMPDIR: scratch },
    })
    expect(r.stdout.split('\n').filter((l) => l.startsWith('E: '))).toEqual([])
    expect(r.code, r.stdout + r.stderr).toBe(0)
  })

  it('/usr/bin/ptctl runs with no Node.js, no node_modules and no checkout on the host', async () => {
    // a mount namespace in which this machine's node is an empty file and the checkout an empty folder
    const hide = [
      `mount --bind /dev/null ${process.execPath}`,
      `mount -t tmpfs none ${checkout}`,
      'cd /',
      `exec ${join(root, 'usr/bin/ptctl')} "$@"`,
    ].join(' && ')
    const inside = (args: string[]) =>
      run('/usr/bin/unshare', ['--mount', '--propagation', 'private', '/bin/sh', '-c', hide, 'sh', ...args])
    const noNode = await run('/usr/bin/unshare', [
      '--mount',
      '--propagation',
      'private',
      '/bin/sh',
      '-c',
      `mount --bind /dev/null ${process.execPath} && ${process.execPath} --version`,
    ])
    expect(noNode.code).not.toBe(0)
    for (const args of [
      ['--version'],
      ['list', '-d', 'etcd3://127.0.0.1:1', '--timeout', '0.3', 'demo'],
      ['show-config', '-d', 'zookeeper://127.0.0.1:1', '--timeout', '0.3', 'demo'],
      ['autocomplete', '--help'],
    ]) {
      const [packaged, script] = await Promise.all([inside(args), bundled(args)])
      expect({ code: packaged.code, stdout: packaged.stdout, stderr: packaged.stderr }, args.join(' ')).toEqual({
        code: script.code,
        stdout: script.stdout,
        stderr: script.stderr,
      })
    }
  })

  it('bash completes from the installed file, as bash-completion loads it', async () => {
    const file = join(root, 'usr/share/bash-completion/completions/ptctl')
    const offers = async (words: string[]) => {
      const script = [
        `source ${file}`,
        `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
        `COMP_CWORD=${words.length - 1}`,
        `COMP_LINE='${words.join(' ')}'`,
        'COMP_POINT=${#COMP_LINE}',
        '_ptctl_autocomplete',
        'printf "%s\\n" "${COMPREPLY[@]}"',
      ].join('\n')
      const r = await run('/bin/bash', ['-c', script])
      expect(r.code, r.stderr).toBe(0)
      return r.stdout.split('\n').filter((l) => l !== '')
    }
    expect(await offers(['ptctl', 'swi'])).toEqual(['switchover'])
    expect(await offers(['ptctl', 'sandbox', 'u'])).toEqual(['up'])
    expect(await offers(['ptctl', 'list', '--for'])).toEqual(['--format'])
  })

  it('zsh and fish read their files; fish completes from it', async () => {
    const zsh = await run('/usr/bin/zsh', ['-n', join(root, 'usr/share/zsh/vendor-completions/_ptctl')])
    expect(zsh.code, zsh.stderr).toBe(0)
    const fishFile = join(root, 'usr/share/fish/vendor_completions.d/ptctl.fish')
    const fish = await run('/usr/bin/fish', ['--no-config', '-c', `source ${fishFile}; complete -C 'ptctl swi'`])
    expect(fish.code, fish.stderr).toBe(0)
    expect(fish.stdout).toMatch(/^switchover\t/m)
  })

  it('man ptctl renders without a warning and documents every command', async () => {
    const page = join(root, 'usr/share/man/man1/ptctl.1.gz')
    const r = await run('/usr/bin/man', ['--warnings', '-l', page], {
      env: { MANWIDTH: '100', MAN_KEEP_FORMATTING: '' },
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    // man formats for a pipe: plain text, no overstrikes
    const text = r.stdout
    for (const command of ['ptctl list', 'ptctl switchover', 'ptctl sandbox up', 'ptctl edit-config', 'ptctl doctor'])
      expect(text).toContain(command)
    expect(text).toMatch(/EXIT STATUS/)
  })

  it('dpkg -r removes every file it installed', async () => {
    const other = freshRoot()
    expect((await dpkg(other, '-i', deb)).code).toBe(0)
    expect(existsSync(join(other, 'usr/bin/ptctl'))).toBe(true)
    const removed = await dpkg(other, '-r', 'ptctl')
    expect(removed.code, removed.stderr).toBe(0)
    for (const file of FILES) expect(existsSync(join(other, file)), file).toBe(false)
  })
})

/** Whether `path` is a folder (dpkg -L lists folders too). */
function readdirSafe(path: string): boolean {
  try {
    readdirSync(path)
    return true
  } catch {
    return false
  }
}
