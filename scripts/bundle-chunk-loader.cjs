// Bundled into dist/ptctl.cjs by scripts/bundle.mjs: loads a chunk (dist/chunks/NAME.cjs, one heavy library such as
// etcd3 with gRPC, or undici) the first time ptctl's code requires it, compiled from its V8 code cache like the main
// bundle; inside the single executable, from its assets. A build without chunks falls back to the package in
// node_modules.
const { existsSync } = require('node:fs')
const Module = require('node:module')
const path = require('node:path')

const { isSingleExecutable, runCachedScript, runEmbeddedScript } = require('./cached-script.cjs')

/**
 * The exports of chunk `name`, which holds `packageName`; `dist` is where the chunks are: the bundle's own folder
 * unless told.
 * @param {string} name
 * @param {string} packageName
 */
module.exports = function loadChunk(name, packageName, dist = __dirname) {
  if (isSingleExecutable()) return runEmbeddedScript(`chunks/${name}.cjs`)
  const file = path.join(dist, 'chunks', `${name}.cjs`)
  if (!existsSync(file)) return Module.createRequire(path.join(dist, '..', 'package.json'))(packageName)
  return runCachedScript(file)
}
