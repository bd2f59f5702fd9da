import { Args, Flags } from '@oclif/core'

import { waitTimeoutFlag } from '../cli/action-flags.js'
import { BaseCommand } from '../cli/base-command.js'
import { parseWaitTimeout } from '../services/failover.js'
import { togglePause } from '../services/pause.js'

export default class Pause extends BaseCommand<typeof Pause> {
  static override summary = 'Disable auto failover'
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = {
    wait: Flags.boolean({ description: 'Wait until pause is applied on all nodes' }),
    'wait-timeout': waitTimeoutFlag,
  }
  static override examples = ['<%= config.bin %> pause demo --wait']

  async run(): Promise<void> {
    const ctx = this.ctx()
    const timeout = this.flags['wait-timeout']
    const result = await togglePause(await this.actionDeps(), {
      scope: this.clusterName(this.args.clusterName),
      paused: true,
      wait: this.flags.wait,
      loopWait: ctx.config.loopWait,
      ...(timeout !== undefined ? { waitTimeoutMs: parseWaitTimeout(timeout, 0) } : {}),
    })
    if (this.jsonMode) this.printJson(result)
  }
}
