#!/usr/bin/env node
// Builds the start-up bundle: dist/ptctl.cjs (ptctl, oclif, etcd3, gRPC, protobufjs, ... in one CommonJS script,
// bundled by esbuild from the compiled dist/) and dist/ptctl.cjs.cache, the V8 code cache of that script after a
// warm-up run through the common paths. bin/run.js loads the two with vm.Script; without them (or with a cache made
// by another Node version, which V8 rejects) it starts the usual way. See BENCHMARKS.md for what it saves.
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = `${root}dist/ptctl.cjs`

/** Lazy `createRequire(import.meta.url)('x')` loads become plain requires that esbuild can bundle. */
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

/** etcd3 reads its .proto files next to itself: found through the installed package at run time. */
const etcd3Protos = {
  name: 'etcd3-protos',
  setup(b) {
    b.onLoad({ filter: /etcd3[/\\]lib[/\\]connection-pool\.js$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(
        '`${__dirname}/../proto/rpc.proto`',
        "require('node:path').join(require('node:path').dirname(require.resolve('etcd3/package.json')), 'proto', 'rpc.proto')",
      ),
      loader: 'js',
    }))
  },
}

await build({
  entryPoints: [`${root}dist/bundle-main.js`],
  outfile: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  // oclif's TypeScript loader is for developers' ts-node setups; pg-native is pg's optional native driver
  external: ['typescript', 'ts-node', 'tsx', 'pg-native'],
  plugins: [lazyRequires, etcd3Protos],
})

// vm.Script, which runs the bundle, has no import(): one left in ptctl's own path would fail at run time. Those left
// are oclif's loaders for plugins and hooks, which the bundle leaves to the usual start (src/bundle-main.ts).
// (esbuild prints code strings in double quotes; JSDoc types in comments, `{import('x').T}`, are not calls)
const dynamicImports = readFileSync(out, 'utf8').match(/[^\w.{]import\("[^"]+"\)/g)
if (dynamicImports) throw new Error(`the bundle holds import() of a fixed module: ${dynamicImports.join(', ')}`)

// the warm-up: the common paths run once in one process, then V8 writes what it compiled
rmSync(`${out}.cache`, { force: true })
const warm = spawnSync(process.execPath, [`${root}scripts/warm-code-cache.cjs`, out], { encoding: 'utf8' })
if (warm.status !== 0) {
  process.stderr.write(warm.stderr)
  throw new Error('warming the code cache failed')
}
