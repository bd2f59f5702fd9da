// Bundled into dist/ptctl.cjs by scripts/bundle.mjs: loads a chunk (dist/chunks/NAME.cjs, one heavy library such as
// etcd3 with gRPC, or undici) the first time ptctl's code requires it, compiled from its V8 code cache like the main
// bundle. A build without chunks falls back to the package in node_modules.
const { existsSync, readFileSync } = require('node:fs')
const Module = require('node:module')
const path = require('node:path')
const vm = require('node:vm')

/** Every chunk script loaded in this process, by file: the warm-up writes their code caches. */
const scripts = (globalThis[Symbol.for('ptctl.bundleScripts')] ??= new Map())

module.exports = function loadChunk(name, packageName) {
  const file = path.join(__dirname, 'chunks', `${name}.cjs`)
  if (!existsSync(file)) return Module.createRequire(path.join(__dirname, '..', 'package.json'))(packageName)
  const cachedData = existsSync(`${file}.cache`) ? readFileSync(`${file}.cache`) : undefined
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  })
  scripts.set(file, script)
  const module = { exports: {} }
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, path.dirname(file))
  return module.exports
}
