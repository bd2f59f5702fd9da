import { Args } from '@oclif/core'

import { forceFlag } from '../cli/action-flags.js'
import { BaseCommand } from '../cli/base-command.js'
import { groupFlag, roleFlag } from '../cli/flags.js'
import { isCtlRole } from '../cluster/select.js'
import { UsageError } from '../errors.js'
import { ClickUsageError } from '../cli/click-usage.js'
import { flushRestarts, flushSwitchover } from '../services/flush.js'
import { throwUnlessAllDone } from '../services/member-outcomes.js'

const TARGETS = ['restart', 'switchover'] as const

export default class Flush extends BaseCommand<typeof Flush> {
  static override summary = 'Discard scheduled events'
  static override usage = 'flush CLUSTER_NAME [MEMBER_NAMES]... {restart|switchover}'
  static override strict = false
  static override args = {
    clusterName: Args.string({ required: true, description: 'cluster name' }),
    rest: Args.string({ description: '[MEMBER_NAMES]... then restart or switchover' }),
  }
  static override flags = {
    role: roleFlag('Flush only members with this role', 'any'),
    force: forceFlag,
    group: groupFlag,
  }
  static override examples = [
    '<%= config.bin %> flush demo switchover',
    '<%= config.bin %> flush demo pg2 restart --force',
  ]

  async run(): Promise<void> {
    const [scope = '', ...rest] = this.positionals
    const target = rest.pop()
    if (target === undefined)
      throw new ClickUsageError(
        "Missing argument '{restart|switchover}'. Choose from:\n\trestart,\n\tswitchover",
        this.id,
      )
    if (!(TARGETS as readonly string[]).includes(target))
      throw new ClickUsageError(
        `Invalid value for '{restart|switchover}': '${target}' is not one of 'restart', 'switchover'.`,
        this.id,
      )
    const role = this.flags.role ?? 'any'
    if (!isCtlRole(role)) throw new UsageError(`Invalid role ${role}`)
    const deps = await this.actionDeps()
    if (target === 'switchover') {
      const { group } = this.citusChoice(this.flags.group, { oneGroup: true })
      const result = await flushSwitchover(deps, { scope, ...(group !== undefined ? { group } : {}) })
      if (this.jsonMode) this.printJson(result)
      return
    }
    const result = await flushRestarts(deps, {
      scope,
      names: rest,
      role,
      force: this.flags.force,
      citus: this.citusChoice(this.flags.group),
    })
    if (this.jsonMode) this.printJson(result)
    throwUnlessAllDone(result, 'flush')
  }
}
