import { basename } from 'node:path'

import { UsageError } from '../errors.js'
import type { Face } from '../output/face.js'

/** The names under which ptctl is patronictl: a symlink or a copy named so (`ptctl install-alias`). */
const DROP_IN_NAMES = new Set(['patronictl', 'patronictl.py'])

/**
 * Who this run answers as: patronictl when invoked under that name, when PTCTL_COMPAT=patronictl, or when the
 * configuration says `ctl.compat: patronictl`; ptctl otherwise. PTCTL_COMPAT=native undoes the other two.
 */
export function chooseFace(o: {
  readonly invokedAs: string | undefined
  readonly env: Readonly<Record<string, string | undefined>>
  readonly configured?: Face | undefined
}): Face {
  const fromEnv = o.env['PTCTL_COMPAT']
  if (fromEnv === 'patronictl' || fromEnv === 'native') return fromEnv
  if (fromEnv !== undefined && fromEnv !== '')
    throw new UsageError(`Invalid PTCTL_COMPAT: ${fromEnv} (patronictl or native)`)
  if (o.invokedAs !== undefined && DROP_IN_NAMES.has(basename(o.invokedAs))) return 'patronictl'
  return o.configured ?? 'native'
}
