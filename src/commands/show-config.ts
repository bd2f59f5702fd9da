import { Args } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { groupFlag } from '../cli/flags.js'
import { pythonYamlDump } from '../output/python-yaml.js'
import { readCluster } from '../services/read-clusters.js'
import { atLeast } from '../cluster/generation.js'
import { ActionError } from '../errors.js'

export default class ShowConfig extends BaseCommand<typeof ShowConfig> {
  static override summary = 'Show cluster configuration'
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = { group: groupFlag }
  static override examples = ['<%= config.bin %> show-config demo', '<%= config.bin %> show-config demo --json']

  async run(): Promise<void> {
    const ctx = this.ctx()
    const scope = this.clusterName(this.args.clusterName)
    const { group } = this.citusChoice(this.flags.group, { oneGroup: true })
    const cluster = await readCluster(await ctx.dcs(), scope, {
      missing: this.conduct.missingCluster,
      ...(group !== undefined ? { group } : {}),
    })
    if (!cluster.config) {
      // patronictl from 3.1 prints nothing for a cluster without a config (3.0 crashed on it)
      if (ctx.face === 'patronictl' && atLeast(this.generationOf(cluster).version, [3, 1, 0])) return
      throw new ActionError(`The config key does not exist in the cluster ${scope}`)
    }
    // patronictl echoes the YAML (which ends with a newline) and adds one more
    if (this.jsonMode) this.printJson(cluster.config.value)
    else ctx.streams.out(pythonYamlDump(cluster.config.value))
  }
}
