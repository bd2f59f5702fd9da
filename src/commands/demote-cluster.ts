import { Args, Flags } from '@oclif/core'

import { forceFlag, waitTimeoutFlag } from '../cli/action-flags.js'
import { BaseCommand } from '../cli/base-command.js'
import { parseWaitTimeout } from '../cli/seconds.js'
import { changeStandbyMode } from '../services/standby-cluster.js'

export default class DemoteCluster extends BaseCommand<typeof DemoteCluster> {
  static override summary = 'Demote cluster to a standby cluster'
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = {
    force: forceFlag,
    host: Flags.string({ description: 'Address of the remote node' }),
    port: Flags.integer({ description: 'Port of the remote node', min: 1, max: 65535 }),
    'restore-command': Flags.string({ description: 'Command to restore WAL records from the remote primary' }),
    'primary-slot-name': Flags.string({ description: 'Name of the slot on the remote node to use for replication' }),
    'wait-timeout': waitTimeoutFlag,
  }
  static override examples = ['<%= config.bin %> demote-cluster demo --host 10.0.0.9 --port 5432 --force']

  async run(): Promise<void> {
    const f = this.flags
    const result = await changeStandbyMode(await this.actionDeps(), {
      scope: this.clusterName(this.args.clusterName),
      action: 'demote',
      force: f.force,
      timeoutMs: parseWaitTimeout(f['wait-timeout'], 120),
      target: {
        ...(f.host !== undefined ? { host: f.host } : {}),
        ...(f.port !== undefined ? { port: f.port } : {}),
        ...(f['restore-command'] !== undefined ? { restoreCommand: f['restore-command'] } : {}),
        ...(f['primary-slot-name'] !== undefined ? { primarySlotName: f['primary-slot-name'] } : {}),
      },
    })
    if (this.jsonMode) this.printJson(result)
  }
}
