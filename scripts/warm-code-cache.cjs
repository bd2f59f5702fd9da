// Runs the bundle through ptctl's common start-up paths in one process, then saves V8's code cache of it: the
// functions compiled on the way (oclif's config and parser, a command, the etcd3/gRPC and ZooKeeper clients up to a
// connection attempt) are then read from the cache instead of compiled at every start. Nothing here reaches a
// server: every DCS named is a closed port.
const { writeFileSync } = require('node:fs')
const { createServer } = require('node:net')
const path = require('node:path')
const vm = require('node:vm')
const Module = require('node:module')
const { readFileSync } = require('node:fs')

const bundle = process.argv[2]
const root = path.join(path.dirname(bundle), '..')
const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle })
const m = { exports: {} }
script.runInThisContext()(m.exports, Module.createRequire(bundle), m, bundle, path.dirname(bundle))

/** A loopback port with nothing listening. */
const closedPort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

async function warmUp() {
  const port = await closedPort()
  const runs = [
    ['list', '-d', `etcd3://127.0.0.1:${port}`, '--timeout', '0.5', 'demo'],
    ['list', '-d', `zookeeper://127.0.0.1:${port}`, '--timeout', '0.5', 'demo'],
    ['list', '-d', `etcd://127.0.0.1:${port}`, '--timeout', '0.5', 'demo', '-f', 'json'],
    ['show-config', '-d', `etcd3://127.0.0.1:${port}`, '--timeout', '0.5', 'demo'],
    ['--help'],
    ['list', '--help'],
  ]
  // the runs print errors and help: none of it is wanted here
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = () => true
  process.stderr.write = () => true
  for (const args of runs) await m.exports.main(args, root).catch(() => undefined)
  process.stdout.write = write
  process.exitCode = 0
  writeFileSync(`${bundle}.cache`, script.createCachedData())
}

warmUp().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
