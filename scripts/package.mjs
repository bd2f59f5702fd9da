#!/usr/bin/env node
// `npm run package` (after `npm run build`): ptctl for hosts without Node.js, in package/:
// - ptctl: one executable for linux-x64 (Node's single-executable applications: this Node with the start-up bundle,
//   its chunks, their V8 code caches and the oclif manifests injected by postject as assets; scripts/sea-main.cjs);
// - ptctl_VERSION_amd64.deb: that executable as /usr/bin/ptctl with completions, man page and README
//   (scripts/deb-package.mjs).
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

import { buildDeb, must } from './deb-package.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
const out = join(root, 'package')
const work = join(out, 'work')

/** The executable's assets: every script of the start-up bundle with its code cache, and the manifests oclif reads. */
function assets() {
  const pluginRoot = join(root, 'node_modules/@oclif/plugin-autocomplete')
  /** @type {Record<string, string>} */
  const list = {
    'package.json': join(root, 'package.json'),
    'oclif.manifest.json': join(root, 'oclif.manifest.json'),
    'autocomplete/package.json': join(pluginRoot, 'package.json'),
    'autocomplete/oclif.manifest.json': join(pluginRoot, 'oclif.manifest.json'),
    'ptctl.cjs': join(dist, 'ptctl.cjs'),
    'ptctl.cjs.cache': join(dist, 'ptctl.cjs.cache'),
  }
  for (const file of readdirSync(join(dist, 'chunks'))) list[`chunks/${file}`] = join(dist, 'chunks', file)
  const scripts = Object.keys(list).filter((name) => name.endsWith('.cjs'))
  const uncached = scripts.filter((name) => !(`${name}.cache` in list))
  if (uncached.length > 0) throw new Error(`the build left no code cache for ${uncached.join(', ')}`)
  return list
}

async function singleExecutable() {
  const main = join(work, 'sea-main.cjs')
  // the main script of a single executable can require Node's own modules only: cached-script.cjs goes inside it
  await build({
    entryPoints: [join(root, 'scripts/sea-main.cjs')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: main,
    logLevel: 'warning',
  })
  const config = join(work, 'sea-config.json')
  const blob = join(work, 'sea-prep.blob')
  writeFileSync(
    config,
    JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets: assets() }),
  )
  must(process.execPath, ['--experimental-sea-config', config])
  const executable = join(out, 'ptctl')
  copyFileSync(process.execPath, executable)
  chmodSync(executable, 0o755)
  // as Debian's dh_strip does for an executable: Node's build ships its symbols and debug information (≈ 10 MB)
  must('strip', ['--remove-section=.comment', '--remove-section=.note', executable])
  // the fuse is Node's documented sentinel: postject flips it so that Node looks for the blob
  must(join(root, 'node_modules/.bin/postject'), [
    executable,
    'NODE_SEA_BLOB',
    blob,
    '--sentinel-fuse',
    'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  ])
  return executable
}

rmSync(out, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
const executable = await singleExecutable()
const deb = await buildDeb({ root, executable, work: join(work, 'deb') })
rmSync(work, { recursive: true, force: true })
process.stdout.write(`${executable}\n${deb}\n`)
