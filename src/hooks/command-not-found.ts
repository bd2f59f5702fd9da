import type { Hook } from '@oclif/core'

/** One line on stderr and exit 2 for a mistyped command, like every other usage error. */
const hook: Hook<'command_not_found'> = async function (options) {
  process.stderr.write(`Error: Unknown command ${options.id.replace(/:/g, ' ')} (see ptctl --help)\n`)
  process.exit(2)
}

export default hook
