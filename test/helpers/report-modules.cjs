// Preloaded with `node -r` by the start-up test: on exit, writes the npm packages the process loaded to stderr.
const { writeSync } = require('node:fs')
process.on('exit', () => {
  const packages = new Set()
  for (const file of Object.keys(require.cache)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)
    if (m) packages.add(m[1])
  }
  writeSync(2, `\nLOADED ${JSON.stringify([...packages].sort())}\n`)
})
