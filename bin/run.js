#!/usr/bin/env node
import { readFileSync } from 'node:fs'

import { hoistGlobalFlags } from '../dist/cli/argv.js'

// Node's deprecation notices (DEP0123 for TLS to an IP address, from the gRPC client) speak to developers, not users
process.noDeprecation = true

const args = hoistGlobalFlags(process.argv.slice(2))

// `ptctl version` alone contacts nothing and reads no config: answer it without starting oclif (half the start-up)
if (args.length === 1 && args[0] === 'version') {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`ptctl version ${version}\n`)
  process.exit(0)
}

const { execute } = await import('@oclif/core')
await execute({ dir: import.meta.url, args })
// gRPC and HTTP keep-alive handles must not hold the process once the command is done
process.exit()
