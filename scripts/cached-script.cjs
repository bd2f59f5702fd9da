// Runs a CommonJS script of the start-up bundle (dist/ptctl.cjs or a chunk) compiled from its V8 code cache (FILE.cache)
// when there is one; V8 rejects a cache written by another Node version, and the script is then compiled from source.
// Used by bin/run.js, by the chunk loader inside the bundle and by the build's warm-up, which writes the caches of every
// script run in its process (kept by file in a map shared across copies of this module).
const { existsSync, readFileSync } = require('node:fs')
const Module = require('node:module')
const path = require('node:path')
const vm = require('node:vm')

const scripts = (globalThis[Symbol.for('ptctl.bundleScripts')] ??= new Map())

/** The exports of `file`, run as Node runs a CommonJS module. */
function runCachedScript(file) {
  const cachedData = existsSync(`${file}.cache`) ? readFileSync(`${file}.cache`) : undefined
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  })
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

module.exports = { runCachedScript, scripts }
