// Runs the start-up bundle through ptctl's common paths in one process, then saves V8's code cache of the main script
// and of every chunk: the functions compiled on the way (oclif's config and parser, the commands, the etcd3/gRPC,
// ZooKeeper and HTTP clients up to a connection attempt, the YAML config reader) are then read from the cache instead
// of compiled at every start. Nothing here reaches a server: every DCS named is a closed port.
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs')
const { createServer } = require('node:net')
const { tmpdir } = require('node:os')
const path = require('node:path')

const loadChunk = require('./bundle-chunk-loader.cjs')
const { runCachedScript, scripts } = require('./cached-script.cjs')

const bundle = process.argv[2] ?? ''
const root = path.join(path.dirname(bundle), '..')
// the build removed every cache first: this compiles from source
const { main, autocompleteCommands } = /** @type {import('../dist/bundle-main.js')} */ (runCachedScript(bundle))

/** A loopback port with nothing listening. */
const closedPort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address())
      s.close(() => resolve(port))
    })
  })

/** @param {string} dir */
async function warmUp(dir) {
  const port = await closedPort()
  const config = path.join(dir, 'patronictl.yaml')
  writeFileSync(config, `scope: demo\netcd3:\n  hosts: 127.0.0.1:${port}\nctl:\n  timeout: 0.5\n`)
  const runs = [
    ['list', '-c', config],
    ['list', '-d', `zookeeper://127.0.0.1:${port}`, '--timeout', '0.5', 'demo'],
    ['list', '-d', `etcd://127.0.0.1:${port}`, '--timeout', '0.5', 'demo', '-f', 'json'],
    ['show-config', '-c', config],
    ['check', '-c', config],
    ['--help'],
    ['list', '--help'],
  ]
  // the runs print errors and help: none of it is wanted here
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = () => true
  process.stderr.write = () => true
  for (const args of runs) await main(args, root).catch(() => undefined)
  process.stdout.write = write
  process.exitCode = 0
  // the chunks no run needed are at least loaded, so that their start is cached too
  for (const name of ['pg', 'inquirer']) loadChunk(name, name, path.dirname(bundle))
  autocompleteCommands()
  for (const [file, script] of scripts) writeFileSync(`${file}.cache`, script.createCachedData())
}

const dir = mkdtempSync(path.join(tmpdir(), 'ptctl-warm-'))
warmUp(dir).then(
  () => {
    rmSync(dir, { recursive: true, force: true })
    process.exit(0)
  },
  (e) => {
    rmSync(dir, { recursive: true, force: true })
    console.error(e)
    process.exit(1)
  },
)
