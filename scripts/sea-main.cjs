// The single executable's main script (built by scripts/package.mjs, with cached-script.cjs bundled in: a single
// executable's main script can require only Node's own modules). The start-up bundle, its chunks, their V8 code
// caches, and the package.json and oclif manifests of ptctl and its autocomplete plugin are the executable's assets:
// it runs the same start-up path as bin/run.js, with oclif's config made from those manifests instead of read from a
// package folder, so it needs no Node.js, node_modules or checkout on the host.
//
// A caller that closes stdout (`ptctl list >&-`) cannot be told from one that discards it here: Node reopens a closed
// fd 1 on /dev/null before any script runs, and no shell line runs before it (bin/run.js has one). The executable
// takes both as discarded output, which is what the operators and service managers that discard it need.
const sea = require('node:sea')
const path = require('node:path')

const { runEmbeddedScript } = require('./cached-script.cjs')

// Node's deprecation notices (DEP0123 for TLS to an IP address, from the gRPC client) speak to developers, not users
Object.assign(process, { noDeprecation: true })

/** @param {string} name */
const json = (name) => JSON.parse(sea.getAsset(name, 'utf8'))

const bundle = /** @type {import('../dist/bundle-main.js')} */ (runEmbeddedScript('ptctl.cjs'))
const embedded = {
  ptctl: { pjson: json('package.json'), manifest: json('oclif.manifest.json') },
  autocomplete: { pjson: json('autocomplete/package.json'), manifest: json('autocomplete/oclif.manifest.json') },
}
// global flags before the command (`ptctl -c FILE list`) are moved after it, as patronictl's click takes them
const args = bundle.hoistGlobalFlags(process.argv.slice(2))
// gRPC and HTTP keep-alive handles must not hold the process once the command is done
bundle.main(args, path.dirname(process.execPath), embedded).then(
  () => process.exit(),
  (/** @type {unknown} */ error) => {
    process.stderr.write(`ptctl: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
