import { Args, Flags } from '@oclif/core'

import { forceFlag, waitTimeoutFlag } from '../cli/action-flags.js'
import { BaseCommand } from '../cli/base-command.js'
import { groupFlag } from '../cli/flags.js'
import { parseWaitTimeout } from '../cli/seconds.js'
import { throwUnlessAllDone } from '../services/member-outcomes.js'
import { reinitMembers } from '../services/reinit.js'

export default class Reinit extends BaseCommand<typeof Reinit> {
  static override summary = 'Reinitialize cluster member'
  static override strict = false
  static override args = {
    clusterName: Args.string({ required: true, description: 'cluster name' }),
    memberNames: Args.string({ description: 'replicas to rebuild' }),
  }
  static override flags = {
    force: forceFlag,
    group: groupFlag,
    'from-leader': Flags.boolean({ description: 'Get basebackup from leader (Patroni 4.1+ agents)' }),
    wait: Flags.boolean({ description: 'Wait until reinitialization completes' }),
    'wait-timeout': waitTimeoutFlag,
  }
  static override examples = ['<%= config.bin %> reinit demo pg3 --force --wait']

  async run(): Promise<void> {
    const [scope = '', ...names] = this.positionals
    const result = await reinitMembers(await this.actionDeps(), {
      scope,
      names,
      force: this.flags.force,
      citus: this.citusChoice(this.flags.group),
      fromLeader: this.flags['from-leader'],
      wait: this.flags.wait,
      waitTimeoutMs: parseWaitTimeout(this.flags['wait-timeout'], 600),
    })
    if (this.jsonMode) this.printJson(result)
    throwUnlessAllDone(result, 'reinitialize')
  }
}
