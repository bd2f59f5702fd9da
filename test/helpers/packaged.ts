import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { PACKAGED, run, type CliResult, type RunOptions } from './cli.js'

const SCRIPT = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

/** bin/run.js as the npm package runs it, to compare the single executable with. */
export function bundled(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return run(process.execPath, [SCRIPT, ...args], options)
}

/**
 * The packaged executable under test (PTCTL_BIN, set by scripts/test.sh for the `packaged` project after
 * `npm run package`); a run without it fails here rather than testing bin/run.js under the packaged name.
 */
export function packagedOrFail(): string {
  if (PACKAGED === undefined || !existsSync(PACKAGED))
    throw new Error(`PTCTL_BIN must name the packaged executable (npm test builds and sets it), not ${PACKAGED}`)
  return PACKAGED
}
