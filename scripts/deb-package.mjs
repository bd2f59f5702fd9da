// Builds ptctl_VERSION_amd64.deb around the single executable (called by scripts/package.mjs) with dpkg-deb:
// /usr/bin/ptctl; bash, zsh and fish completions where Debian's shells look for them, written by the executable itself
// (the autocomplete plugin's bash and zsh functions, `ptctl completion fish`); ptctl(1) written from the commands' own
// help (src/output/man-page.ts over the oclif manifest); README, changelog and copyright in /usr/share/doc/ptctl.
import { spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * Runs a program and fails the build, with its output, when it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptionsWithStringEncoding} [options]
 */
export function must(command, args, options = { encoding: 'utf8' }) {
  const r = spawnSync(command, args, { ...options, encoding: 'utf8' })
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`)
    throw new Error(`${command} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`)
  }
  return r.stdout
}

/**
 * Writes `text` (or bytes) at `path` under the package tree, making folders; files 0644 unless told.
 * @param {string} path
 * @param {string | Buffer} content
 * @param {number} [mode]
 */
function put(path, content, mode = 0o644) {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 })
  writeFileSync(path, content)
  chmodSync(path, mode)
}

/** gzip as Debian wants it for man pages and changelogs: best compression, no name or time stamp inside. */
const gz = (/** @type {string} */ text) => gzipSync(Buffer.from(text), { level: 9 })

/** The maintainer named in control and changelog: Debian's DEBFULLNAME and DEBEMAIL when set. */
function maintainer() {
  return `${process.env.DEBFULLNAME ?? 'ptctl authors'} <${process.env.DEBEMAIL ?? 'ptctl@users.noreply.github.com'}>`
}

/**
 * The build's date (dist/build-stamp.json, what `ptctl version` says) in a changelog's RFC 2822 form and the man
 * page's YYYY-MM-DD.
 * @param {string} root
 */
function buildDate(root) {
  const date = new Date(JSON.parse(readFileSync(join(root, 'dist/build-stamp.json'), 'utf8')).date)
  const rfc2822 = date.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1, $2 $3 $4 $5 +0000')
  return { rfc2822, day: date.toISOString().slice(0, 10) }
}

/**
 * The shared libraries the executable needs, as dpkg-shlibdeps says them (it wants a debian/control beside it).
 * @param {string} executable
 */
function sharedLibraryDepends(executable) {
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-shlibs-'))
  try {
    put(join(dir, 'debian/control'), 'Source: ptctl\n\nPackage: ptctl\nArchitecture: amd64\n')
    const out = must('dpkg-shlibdeps', ['-O', '--warnings=0', `-e${executable}`], { cwd: dir, encoding: 'utf8' })
    const depends = /^shlibs:Depends=(.*)$/m.exec(out)?.[1]
    if (!depends) throw new Error(`dpkg-shlibdeps said no dependencies: ${out}`)
    return depends
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The completion scripts, written by the executable: bash and zsh by the autocomplete plugin (into a cache folder of
 * our own), fish by `ptctl completion fish`.
 * @param {string} executable
 */
function completions(executable) {
  const cache = mkdtempSync(join(tmpdir(), 'ptctl-completions-'))
  try {
    const env = { ...process.env, XDG_CACHE_HOME: cache, HOME: cache }
    must(executable, ['autocomplete:create'], { env, encoding: 'utf8' })
    const functions = join(cache, 'ptctl/autocomplete/functions')
    return {
      bash: readFileSync(join(functions, 'bash/ptctl.bash'), 'utf8'),
      zsh: readFileSync(join(functions, 'zsh/_ptctl'), 'utf8'),
      fish: must(executable, ['completion', 'fish'], { env, encoding: 'utf8' }),
    }
  } finally {
    rmSync(cache, { recursive: true, force: true })
  }
}

/**
 * The copyright file (Debian's machine-readable format): ptctl's licence, and what the executable holds of others:
 * Node.js and the npm packages in the start-up bundle.
 * @param {string} root
 * @param {{ license: string, author?: string }} pjson
 */
function copyright(root, pjson) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
  const bundled = Object.entries(lock.packages)
    .filter(([path, p]) => path.startsWith('node_modules/') && !p.dev)
    .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')} ${p.version} (${p.license ?? 'see its package'})`)
    .sort()
  const licence = readFileSync(join(root, 'LICENSE'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (line.trim() === '' ? ' .' : ` ${line}`))
    .join('\n')
  return `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: ptctl
Comment: /usr/bin/ptctl is a Node.js ${process.versions.node} single executable: it holds Node.js (MIT, with the
 licences of the libraries Node.js bundles, listed in Node.js's LICENSE file) and these npm packages:
 ${bundled.join(',\n ')}.

Files: *
Copyright: ptctl authors
License: ${pjson.license}

License: ${pjson.license}
${licence}
`
}

/**
 * @param {{ root: string, executable: string, work: string }} o
 * @returns {Promise<string>} the .deb file
 */
export async function buildDeb({ root, executable, work }) {
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
  const { manPage } = await import(join(root, 'dist/output/man-page.js'))
  const { rfc2822, day } = buildDate(root)
  const version = pjson.version
  const tree = join(work, 'tree')
  rmSync(work, { recursive: true, force: true })
  mkdirSync(tree, { recursive: true, mode: 0o755 })

  mkdirSync(join(tree, 'usr/bin'), { recursive: true, mode: 0o755 })
  copyFileSync(executable, join(tree, 'usr/bin/ptctl'))
  chmodSync(join(tree, 'usr/bin/ptctl'), 0o755)

  const shells = completions(executable)
  // bash-completion sources the file: the plugin's hashbang line would be lintian's bash-completion-with-hashbang
  put(join(tree, 'usr/share/bash-completion/completions/ptctl'), shells.bash.replace(/^#!.*\n/, ''))
  put(join(tree, 'usr/share/zsh/vendor-completions/_ptctl'), shells.zsh)
  put(join(tree, 'usr/share/fish/vendor_completions.d/ptctl.fish'), shells.fish)

  const page = manPage({
    bin: 'ptctl',
    version,
    description: pjson.description,
    date: day,
    commands: Object.values(manifest.commands),
  })
  put(join(tree, 'usr/share/man/man1/ptctl.1.gz'), gz(page))

  const doc = join(tree, 'usr/share/doc/ptctl')
  put(join(doc, 'README.md.gz'), gz(readFileSync(join(root, 'README.md'), 'utf8')))
  put(join(doc, 'copyright'), copyright(root, pjson))
  put(
    join(doc, 'changelog.gz'),
    gz(`ptctl (${version}) unstable; urgency=medium\n\n  * Release ${version}.\n\n -- ${maintainer()}  ${rfc2822}\n`),
  )

  const installedKb = Math.ceil(
    Number(must('du', ['-s', '--block-size=1024', '--apparent-size', join(tree, 'usr')]).split('\t')[0]),
  )
  put(
    join(tree, 'DEBIAN/control'),
    `Package: ptctl
Version: ${version}
Architecture: amd64
Maintainer: ${maintainer()}
Installed-Size: ${installedKb}
Depends: ${sharedLibraryDepends(executable)}
Section: database
Priority: optional
Homepage: https://github.com/ptctl/ptctl
Description: command-line tool for PostgreSQL clusters managed by Patroni
 ptctl does what patronictl does (list, switchover, failover, restart, reload,
 reinit, edit-config, pause, resume, ...) on the clusters Patroni runs with
 etcd, ZooKeeper or Consul, with JSON output for every command, exit codes that
 say what happened, and waits that end. Invoked as patronictl, it answers as
 the patronictl of the cluster's Patroni version.
 .
 This package holds one executable with Node.js inside: the host needs no
 Node.js.
`,
  )
  // Node.js is built with its own zlib, as Node's own releases are: not a copy this package could leave out
  put(
    join(tree, 'usr/share/lintian/overrides/ptctl'),
    '# Node.js inside the single executable is built with its own copy of zlib, as every Node.js release is\nptctl: embedded-library zlib [usr/bin/ptctl]\n',
  )
  const deb = join(dirname(executable), `ptctl_${version}_amd64.deb`)
  must('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', tree, deb])
  return deb
}
