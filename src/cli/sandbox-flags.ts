import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

import { Flags } from '@oclif/core'

/**
 * The folder when --dir is not given: one per user, since another user's sandbox in the same place could be neither
 * used nor replaced. Decided when a command runs (not in the flag's definition, which the manifest freezes).
 */
export function sandboxDir(given: string | undefined): string {
  if (given !== undefined) return given
  const uid = process.getuid?.() ?? 0
  return join(tmpdir(), uid === 0 ? 'ptctl-sandbox' : `ptctl-sandbox-${userInfo().username}`)
}

export const sandboxDirFlag = Flags.string({
  description:
    'Directory holding the sandbox data, logs and configs [default: $TMPDIR/ptctl-sandbox, ptctl-sandbox-USER for other users than root]',
})
