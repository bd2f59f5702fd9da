import { Args, Flags } from '@oclif/core'

import { parseWaitTimeout } from './seconds.js'
import { togglePause } from '../services/pause.js'
import { waitTimeoutFlag } from './action-flags.js'
import { BaseCommand } from './base-command.js'
import { groupFlag } from './flags.js'

/** pause and resume: the same command with the wanted state; each subclass only names it and its help. */
export abstract class TogglePauseCommand extends BaseCommand<typeof TogglePauseCommand> {
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = {
    wait: Flags.boolean({ description: 'Wait until every member has seen the change' }),
    'wait-timeout': waitTimeoutFlag,
    group: groupFlag,
  }

  /** true for pause, false for resume */
  protected abstract readonly paused: boolean

  async run(): Promise<void> {
    const timeout = this.flags['wait-timeout']
    const result = await togglePause(await this.actionDeps(), {
      scope: this.clusterName(this.args.clusterName),
      paused: this.paused,
      wait: this.flags.wait,
      ...this.citusChoice(this.flags.group, { oneGroup: true }),
      ...(timeout !== undefined ? { waitTimeoutMs: parseWaitTimeout(timeout, 0) } : {}),
    })
    if (this.jsonMode) this.printJson(result)
  }
}
