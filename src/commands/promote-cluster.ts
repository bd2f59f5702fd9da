import { Args } from '@oclif/core'

import { forceFlag, waitTimeoutFlag } from '../cli/action-flags.js'
import { BaseCommand } from '../cli/base-command.js'
import { parseWaitTimeout } from '../cli/seconds.js'
import { changeStandbyMode } from '../services/standby-cluster.js'

export default class PromoteCluster extends BaseCommand<typeof PromoteCluster> {
  static override summary = 'Promote cluster, make it run standalone'
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = { force: forceFlag, 'wait-timeout': waitTimeoutFlag }
  static override examples = ['<%= config.bin %> promote-cluster demo --force']

  async run(): Promise<void> {
    const result = await changeStandbyMode(await this.actionDeps(), {
      scope: this.clusterName(this.args.clusterName),
      action: 'promote',
      force: this.flags.force,
      timeoutMs: parseWaitTimeout(this.flags['wait-timeout'], 120),
    })
    if (this.jsonMode) this.printJson(result)
  }
}
