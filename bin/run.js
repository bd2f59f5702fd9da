#!/usr/bin/env node
import { execute } from '@oclif/core'

import { hoistGlobalFlags } from '../dist/cli/argv.js'

await execute({ dir: import.meta.url, args: hoistGlobalFlags(process.argv.slice(2)) })
// gRPC and HTTP keep-alive handles must not hold the process once the command is done
process.exit()
