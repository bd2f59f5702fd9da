import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { formatFlag, groupFlag } from '../cli/flags.js'
import { CITUS_GROUP_REQUIRED } from '../cluster/citus.js'
import { UsageError } from '../errors.js'
import { renderClusters } from '../output/cluster-list.js'
import { checkFormatEarly, formatFor } from '../cli/output-format.js'
import { removeCluster } from '../services/remove.js'

export default class Remove extends BaseCommand<typeof Remove> {
  static override summary = 'Remove cluster from DCS'
  static override description =
    "Asks patronictl's three questions; scripts answer them with --confirm-name (and --confirm-leader while the cluster has a leader). Running Patroni nodes re-create their keys within seconds."
  static override args = { clusterName: Args.string({ required: true, description: 'cluster name' }) }
  static override flags = {
    format: formatFlag,
    'confirm-name': Flags.string({ description: 'The cluster name again, instead of the prompts' }),
    'confirm-leader': Flags.string({ description: 'The current leader, when the cluster has one' }),
    group: groupFlag,
  }
  static override examples = [
    '<%= config.bin %> remove demo',
    '<%= config.bin %> remove demo --confirm-name demo --confirm-leader pg1',
  ]

  async run(): Promise<void> {
    const scope = this.args.clusterName
    const deps = await this.actionDeps()
    const given = this.flags.format
    checkFormatEarly(given, this.ctx().face, this.id)
    const citus = this.citusChoice(this.flags.group)
    if (citus.citus && citus.group === undefined) throw new UsageError(CITUS_GROUP_REQUIRED)
    const result = await removeCluster(deps, {
      scope,
      ...(citus.group !== undefined ? { group: citus.group } : {}),
      table: (cluster) => {
        const subject = citus.citus ? { scope, groups: [cluster], ...citus } : cluster
        const format = formatFor(given, {
          face: this.ctx().face,
          generation: this.generationOf(subject),
          command: this.id,
        })
        return format === 'none'
          ? ''
          : renderClusters([subject], format, { extended: false, dialectOf: this.dialectOf })
      },
      ...(this.flags['confirm-name'] !== undefined ? { confirmName: this.flags['confirm-name'] } : {}),
      ...(this.flags['confirm-leader'] !== undefined ? { confirmLeader: this.flags['confirm-leader'] } : {}),
    })
    if (this.jsonMode) this.printJson(result)
  }
}
