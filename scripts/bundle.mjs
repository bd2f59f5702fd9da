#!/usr/bin/env node
// Builds the start-up bundle from the compiled dist/ (see BENCHMARKS.md for what it saves):
// - dist/ptctl.cjs: ptctl, oclif and the small libraries in one CommonJS script;
// - dist/chunks/NAME.cjs: each heavy library (etcd3 with gRPC, undici, ...) in a script of its own, loaded only by a
//   command that uses it (scripts/bundle-chunk-loader.cjs);
// - a .cache file beside each: V8's code cache after a warm-up run through the common paths;
// - dist/cached-script.cjs, which bin/run.js runs them with (scripts/cached-script.cjs).
// bin/run.js loads them with vm.Script; without them (or with a cache made by another Node version, which V8 rejects)
// it starts the usual way.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
const out = join(dist, 'ptctl.cjs')
const require = createRequire(join(root, 'package.json'))

/** Chunk name → the npm package it holds (with what that package needs). */
const CHUNKS = {
  etcd3: 'etcd3',
  undici: 'undici',
  zookeeper: 'node-zookeeper-client',
  yaml: 'yaml',
  pg: 'pg',
  inquirer: '@inquirer/prompts',
  autocomplete: '@oclif/plugin-autocomplete',
}
const chunkOf = new Map(Object.entries(CHUNKS).map(([name, packageName]) => [packageName, name]))

/** Which build this is, for `ptctl version`: the commit, and SOURCE_DATE_EPOCH or now. */
function buildStamp() {
  const git = (/** @type {string[]} */ ...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' })
  const head = git('rev-parse', '--short=12', 'HEAD')
  const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim() !== ''
  const commit = head.status === 0 ? `${head.stdout.trim()}${dirty ? '-dirty' : ''}` : null
  const epoch = process.env.SOURCE_DATE_EPOCH
  const date = (epoch ? new Date(Number(epoch) * 1000) : new Date()).toISOString().replace(/\.\d+Z$/, 'Z')
  return { commit, date }
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // oclif's TypeScript loader is for developers' ts-node setups; pg-native is pg's optional native driver
  external: ['typescript', 'ts-node', 'tsx', 'pg-native'],
}

/** Lazy `createRequire(import.meta.url)('x')` loads become plain requires that esbuild can follow. */
/** @type {import('esbuild').Plugin} */
const lazyRequires = {
  name: 'lazy-requires',
  setup(b) {
    b.onLoad({ filter: /[/\\]dist[/\\].*\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      if (!text.includes('createRequire(import.meta.url)')) return undefined
      return {
        contents: text
          .replace(/const require = createRequire\(import\.meta\.url\);?/g, '')
          .replace(/createRequire\(import\.meta\.url\)\(/g, 'require('),
        loader: 'js',
      }
    })
  },
}

/**
 * oclif sorts each plugin's commands with localeCompare, whose first call loads ICU's collator (≈ 10 ms, a tenth of
 * `ptctl --help`). For command ids (lower-case letters, digits, '-' and ':') code-point order is the same order;
 * test/unit/bundle-main.test.ts checks it on every id the manifests hold.
 */
/** @type {import('esbuild').Plugin} */
const oclifCommandOrder = {
  name: 'oclif-command-order',
  setup(b) {
    b.onLoad({ filter: /@oclif[/\\]core[/\\]lib[/\\]config[/\\]plugin\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      const sort = '.sort((a, b) => a.id.localeCompare(b.id))'
      if (!text.includes(sort)) throw new Error('oclif no longer sorts commands as expected: update oclifCommandOrder')
      return { contents: text.replace(sort, '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))'), loader: 'js' }
    })
  },
}

/** In the main bundle, a chunk's package is a call to the chunk loader. */
/** @type {import('esbuild').Plugin} */
const chunkRequires = {
  name: 'chunk-requires',
  setup(b) {
    b.onResolve({ filter: /^[@a-z]/ }, (args) =>
      chunkOf.has(args.path) ? { path: args.path, namespace: 'ptctl-chunk' } : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'ptctl-chunk' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(join(root, 'scripts/bundle-chunk-loader.cjs'))})(${JSON.stringify(chunkOf.get(args.path))}, ${JSON.stringify(args.path)})`,
      loader: 'js',
      resolveDir: root,
    }))
  },
}

/**
 * etcd3 parses its .proto files with protobufjs and has @grpc/proto-loader build reflection data for every message at
 * load time (≈ 50 ms); in the chunk, scripts/etcd3-package-definition.cjs builds the same client definition from the
 * protos as protobufjs JSON, made here and held in the chunk as a string (the single executable has no files beside it).
 */
/** @type {import('esbuild').Plugin} */
const etcd3Protos = {
  name: 'etcd3-protos',
  setup(b) {
    b.onLoad({ filter: /etcd3[/\\]lib[/\\]connection-pool\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      const load = '(0, proto_loader_1.loadSync)(`${__dirname}/../proto/rpc.proto`,'
      if (!text.includes(load)) throw new Error('etcd3 no longer loads its protos as expected: update etcd3Protos')
      const helper = JSON.stringify(join(root, 'scripts/etcd3-package-definition.cjs'))
      return {
        contents: text.replace(
          load,
          `require(${helper})(${JSON.stringify(require(join(root, 'scripts/etcd3-protos-json.cjs'))(root))},`,
        ),
        loader: 'js',
      }
    })
  },
}

/**
 * The autocomplete chunk holds @oclif/plugin-autocomplete's command classes by id (from its manifest), which oclif would
 * otherwise import() from the plugin's folder: the single executable serves them from here (src/bundle-main.ts).
 */
function autocompleteCommands() {
  const pluginRoot = join(root, 'node_modules/@oclif/plugin-autocomplete')
  const { commands } = JSON.parse(readFileSync(join(pluginRoot, 'oclif.manifest.json'), 'utf8'))
  const entries = Object.entries(commands).map(
    ([id, c]) => `${JSON.stringify(id)}: require(${JSON.stringify(join(pluginRoot, ...c.relativePath))}).default`,
  )
  return `module.exports = {${entries.join(', ')}}`
}

/** In a chunk, @oclif/core is the main bundle's copy (a plugin's commands must extend the Command oclif runs). */
/** @type {import('esbuild').Plugin} */
const hostOclif = {
  name: 'host-oclif',
  setup(b) {
    b.onResolve({ filter: /^@oclif\/core$/ }, () => ({ path: '@oclif/core', namespace: 'host-oclif' }))
    b.onLoad({ filter: /.*/, namespace: 'host-oclif' }, () => ({
      contents: "module.exports = globalThis[Symbol.for('ptctl.oclif')]",
      loader: 'js',
    }))
  },
}

// read by src/cli/build-info.ts from dist/, and held inside the bundle (esbuild follows its require)
writeFileSync(join(dist, 'build-stamp.json'), `${JSON.stringify(buildStamp())}\n`)
rmSync(join(dist, 'chunks'), { recursive: true, force: true })
mkdirSync(join(dist, 'chunks'))
await build({
  ...common,
  entryPoints: [join(dist, 'bundle-main.js')],
  outfile: out,
  plugins: [lazyRequires, chunkRequires, oclifCommandOrder],
})
for (const [name, packageName] of Object.entries(CHUNKS)) {
  const contents =
    name === 'autocomplete' ? autocompleteCommands() : `module.exports = require(${JSON.stringify(packageName)})`
  await build({
    ...common,
    stdin: { contents, resolveDir: root, loader: 'js' },
    outfile: join(dist, 'chunks', `${name}.cjs`),
    plugins: [etcd3Protos, hostOclif],
  })
}
// bin/run.js loads the bundle with it (dist/ is what a package ships, scripts/ is not)
copyFileSync(join(root, 'scripts/cached-script.cjs'), join(dist, 'cached-script.cjs'))

// vm.Script, which runs the bundle, has no import(): one left in ptctl's own path would fail at run time. Those left
// are oclif's loaders for plugins and hooks, which the bundle leaves to the usual start (src/bundle-main.ts).
// (esbuild prints code strings in double quotes; JSDoc types in comments, `{import('x').T}`, are not calls)
for (const file of [out, ...Object.keys(CHUNKS).map((name) => join(dist, 'chunks', `${name}.cjs`))]) {
  const dynamicImports = readFileSync(file, 'utf8').match(/[^\w.{]import\("[^"]+"\)/g)
  if (dynamicImports) throw new Error(`${file} holds import() of a fixed module: ${dynamicImports.join(', ')}`)
}

// the warm-up: the common paths run once in one process, then V8 writes what it compiled (the chunks' caches went
// with dist/chunks above)
rmSync(`${out}.cache`, { force: true })
const warm = spawnSync(process.execPath, [join(root, 'scripts/warm-code-cache.cjs'), out], { encoding: 'utf8' })
if (warm.status !== 0) {
  process.stderr.write(warm.stderr)
  throw new Error('warming the code cache failed')
}
