// Runs a CommonJS script of the start-up bundle (dist/ptctl.cjs or a chunk) compiled from its V8 code cache (FILE.cache)
// when there is one; V8 rejects a cache written by another Node version, and the script is then compiled from source.
// Used by bin/run.js, by the chunk loader inside the bundle and by the build's warm-up, which writes the caches of every
// script run in its process (kept by file in a map shared across copies of this module). Inside the single executable
// (scripts/sea-main.cjs) the scripts and their caches are the executable's assets, named by their path under dist/.
const { existsSync, readFileSync } = require('node:fs')
const Module = require('node:module')
const path = require('node:path')
const vm = require('node:vm')

/** @type {Record<symbol, Map<string, import('node:vm').Script> | undefined>} */
const shared = globalThis
const scripts = (shared[Symbol.for('ptctl.bundleScripts')] ??= new Map())

/**
 * The exports of `source` run as Node runs the CommonJS module `file`, compiled from `cachedData` when V8 takes it.
 * @param {string} file
 * @param {string} source
 * @param {Buffer | undefined} cachedData
 */
function runSource(file, source, cachedData) {
  const script = new vm.Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) })
  scripts.set(file, script)
  // a rejected cache only costs time: said under PTCTL_DEBUG, never silently slower for whoever is measuring
  if (cachedData && script.cachedDataRejected === true && process.env.PTCTL_DEBUG)
    process.stderr.write(
      `ptctl: V8 rejected the code cache ${file}.cache (another Node version?): compiled from source\n`,
    )
  const module = { exports: {} }
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, path.dirname(file))
  return module.exports
}

/**
 * The exports of the script `file`, with its cache FILE.cache when there is one.
 * @param {string} file
 */
function runCachedScript(file) {
  const cachedData = existsSync(`${file}.cache`) ? readFileSync(`${file}.cache`) : undefined
  return runSource(file, readFileSync(file, 'utf8'), cachedData)
}

/** Whether this process is the single executable. */
function isSingleExecutable() {
  try {
    return require('node:sea').isSea()
  } catch {
    return false // a Node without node:sea
  }
}

/**
 * The exports of the single executable's script asset `name` (`ptctl.cjs`, `chunks/etcd3.cjs`) with its cache asset.
 * Its file name, for stack traces, is the name beside the executable.
 * @param {string} name
 */
function runEmbeddedScript(name) {
  const sea = require('node:sea')
  const cache = Buffer.from(sea.getAsset(`${name}.cache`))
  return runSource(path.join(path.dirname(process.execPath), name), sea.getAsset(name, 'utf8'), cache)
}

module.exports = { runCachedScript, runEmbeddedScript, isSingleExecutable, scripts }
