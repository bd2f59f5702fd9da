import { Args, Flags } from '@oclif/core'

import { dryRunFlag, forceFlag, waitFlag, waitTimeoutFlag } from '../cli/action-flags.js'
import { BaseCommand } from '../cli/base-command.js'
import { groupFlag } from '../cli/flags.js'
import { failoverOrSwitchover } from '../services/failover.js'
import { parseWaitTimeout } from '../cli/seconds.js'
import { ClickUsageError } from '../cli/click-usage.js'
import { atLeast } from '../cluster/generation.js'
import { readGroups } from '../services/read-clusters.js'

export default class Failover extends BaseCommand<typeof Failover> {
  static override summary = 'Failover to a replica'
  static override description =
    'Promotes the named candidate. When the agent cannot be reached, the request is written to the DCS failover key, as patronictl does.'
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = {
    candidate: Flags.string({ description: 'The name of the candidate' }),
    leader: Flags.string({
      aliases: ['primary', 'master'],
      description:
        'The name of the current leader (also --primary, --master); turns the failover into a switchover, as in patronictl 3.x',
    }),
    force: forceFlag,
    'dry-run': dryRunFlag,
    wait: waitFlag('the new leader runs and the other members follow it'),
    'wait-timeout': waitTimeoutFlag,
    group: groupFlag,
  }
  static override examples = ['<%= config.bin %> failover demo --candidate pg2 --force --wait']

  async run(): Promise<void> {
    const f = this.flags
    const scope = this.clusterName(this.args.clusterName)
    // patronictl 3.x turns `failover --leader L` into a switchover, with a switchover's prompts and messages
    const action = f.leader !== undefined ? 'switchover' : 'failover'
    if (action === 'switchover') await this.sayLeaderMeansSwitchover(scope)
    const result = await failoverOrSwitchover(await this.actionDeps(), {
      action,
      scope,
      citus: this.citusChoice(f.group),
      ...(f.leader !== undefined ? { leader: f.leader } : {}),
      ...(f.candidate !== undefined ? { candidate: f.candidate } : {}),
      force: f.force,
      dryRun: f['dry-run'],
      wait: f.wait,
      waitTimeoutMs: parseWaitTimeout(f['wait-timeout'], 120),
    })
    if (this.jsonMode) this.printJson(result)
  }

  /**
   * `failover --leader`: ptctl says it runs a switchover; patronictl 3.0-3.1 does so silently, 3.2-3.3 says it is
   * deprecated (on stdout), and 4.0 no longer has the option.
   */
  private async sayLeaderMeansSwitchover(scope: string): Promise<void> {
    const ctx = this.ctx()
    if (ctx.face === 'native') return ctx.streams.err('failover with --leader is a switchover: running a switchover')
    const view = await readGroups(await ctx.dcs(), scope, this.citusChoice(this.flags.group), { missing: 'empty' })
    const { version } = this.generationOf(view)
    if (atLeast(version, [4, 0, 0])) throw new ClickUsageError('No such option: --leader', this.id)
    if (atLeast(version, [3, 2, 0]))
      ctx.streams.out(
        'Supplying a leader name using this command is deprecated and will be removed in a future version of Patroni, change your scripts to use `switchover` instead.\nExecuting switchover!',
      )
  }
}
