import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { Flags } from '@oclif/core'

export const sandboxDirFlag = Flags.string({
  description: 'Directory holding the sandbox data, logs and configs',
  default: join(tmpdir(), 'ptctl-sandbox'),
})
