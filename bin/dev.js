#!/usr/bin/env node
// Development entry: same as run.js but oclif reads commands from dist/ without trusting a stale manifest.
// Rebuild with `npx tsc -p tsconfig.build.json` (or `--watch`) first.
import { execute } from '@oclif/core'

import { hoistGlobalFlags } from '../dist/cli/argv.js'

await execute({ development: true, dir: import.meta.url, args: hoistGlobalFlags(process.argv.slice(2)) })
process.exit()
