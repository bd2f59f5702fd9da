import { Flags } from '@oclif/core'

export const forceFlag = Flags.boolean({ description: 'Do not ask for confirmation at any point' })
export const dryRunFlag = Flags.boolean({
  description: 'Print what would be done (checks and REST calls) and change nothing',
})
export const waitFlag = (what: string) =>
  Flags.boolean({ description: `Wait until ${what}, with a progress line on stderr` })
export const waitTimeoutFlag = Flags.string({
  description: 'Seconds to wait with --wait before giving up (default 120)',
})
