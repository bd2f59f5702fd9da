#!/bin/sh
':' //; { true 9>&1; } 2>/dev/null || { PTCTL_STDOUT_CLOSED=1; export PTCTL_STDOUT_CLOSED; }; exec node "$0" "$@"
// The line above is for sh, a comment to JavaScript: it tells whether the caller closed stdout (`ptctl list >&-`).
// Node replaces a closed stdout with /dev/null opened read-write before any script runs, which is exactly what a
// caller's own discarded output looks like (Python's DEVNULL, Go's exec with no Stdout, libuv's 'ignore', systemd's
// null): only a check made before Node starts can tell the two apart.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

// Node's deprecation notices (DEP0123 for TLS to an IP address, from the gRPC client) speak to developers, not users
Object.assign(process, { noDeprecation: true })

const argv = process.argv.slice(2)

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * The start-up bundle (scripts/bundle.mjs): one script holding ptctl and oclif (heavy libraries in chunks it loads on
 * use), compiled from V8's code cache instead of from source. Absent (a development build, PTCTL_NO_BUNDLE=1), the
 * usual oclif start.
 */
function loadBundle() {
  const file = fileURLToPath(new URL('../dist/ptctl.cjs', import.meta.url))
  if (process.env['PTCTL_NO_BUNDLE'] === '1' || !existsSync(file)) return undefined
  const { runCachedScript } = createRequire(import.meta.url)('../dist/cached-script.cjs')
  return runCachedScript(file)
}

const bundle = loadBundle()
// global flags before the command (`ptctl -c FILE list`) are moved after it, as patronictl's click takes them
const { hoistGlobalFlags } = bundle ?? (await import('../dist/cli/argv.js'))
const args = hoistGlobalFlags(argv)
// the bundle declines what it cannot serve (plugins' commands, misspelt commands): oclif's usual start takes those
if (!(await bundle?.main(args, root))) {
  const { execute } = await import('@oclif/core')
  await execute({ dir: import.meta.url, args })
}
// gRPC and HTTP keep-alive handles must not hold the process once the command is done
process.exit()
