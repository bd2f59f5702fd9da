import { Args, Flags } from '@oclif/core'

import { dryRunFlag, forceFlag, waitFlag, waitTimeoutFlag } from '../cli/action-flags.js'
import { BaseCommand } from '../cli/base-command.js'
import { groupFlag } from '../cli/flags.js'
import { failoverOrSwitchover } from '../services/failover.js'
import { parseWaitTimeout } from '../cli/seconds.js'

export default class Switchover extends BaseCommand<typeof Switchover> {
  static override summary = 'Switchover to a replica'
  static override description =
    'Explains before asking anything which members are eligible candidates and why the others are not. A failed or refused switchover exits 1; a "status unknown" answer from Patroni is followed up in the DCS.'
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = {
    leader: Flags.string({
      aliases: ['primary', 'master'],
      description: 'The name of the current leader (also --primary, --master)',
    }),
    candidate: Flags.string({ description: 'The name of the candidate' }),
    scheduled: Flags.string({
      description: 'Timestamp of a scheduled switchover in unambiguous format (e.g. ISO 8601)',
    }),
    force: forceFlag,
    'dry-run': dryRunFlag,
    wait: waitFlag('the new leader runs and the other members follow it'),
    'wait-timeout': waitTimeoutFlag,
    group: groupFlag,
  }
  static override examples = [
    '<%= config.bin %> switchover demo --leader pg1 --candidate pg2 --force --wait',
    '<%= config.bin %> switchover demo --candidate pg2 --scheduled 2026-12-01T02:00+00:00 --force',
    '<%= config.bin %> switchover demo --dry-run',
  ]

  async run(): Promise<void> {
    const f = this.flags
    const result = await failoverOrSwitchover(await this.actionDeps(), {
      action: 'switchover',
      scope: this.clusterName(this.args.clusterName),
      citus: this.citusChoice(f.group),
      ...(f.leader !== undefined ? { leader: f.leader } : {}),
      ...(f.candidate !== undefined ? { candidate: f.candidate } : {}),
      ...(f.scheduled !== undefined ? { scheduled: f.scheduled } : {}),
      force: f.force,
      dryRun: f['dry-run'],
      wait: f.wait,
      waitTimeoutMs: parseWaitTimeout(f['wait-timeout'], 120),
    })
    if (this.jsonMode) this.printJson(result)
  }
}
