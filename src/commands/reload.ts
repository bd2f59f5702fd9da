import { Args } from '@oclif/core'

import { forceFlag } from '../cli/action-flags.js'
import { BaseCommand } from '../cli/base-command.js'
import { groupFlag, roleFlag } from '../cli/flags.js'
import { isCtlRole } from '../cluster/select.js'
import { UsageError } from '../errors.js'
import { throwUnlessAllDone } from '../services/member-outcomes.js'
import { reloadMembers } from '../services/reload.js'

export default class Reload extends BaseCommand<typeof Reload> {
  static override summary = 'Reload cluster member configuration'
  static override strict = false
  static override args = {
    clusterName: Args.string({ required: true, description: 'cluster name' }),
    memberNames: Args.string({ description: 'members to reload (default: every member with --role)' }),
  }
  static override flags = {
    role: roleFlag('Reload only members with this role', 'any'),
    force: forceFlag,
    group: groupFlag,
  }
  static override examples = ['<%= config.bin %> reload demo --force', '<%= config.bin %> reload demo pg2 --force']

  async run(): Promise<void> {
    const [scope = '', ...names] = this.positionals
    const role = this.flags.role ?? 'any'
    if (!isCtlRole(role)) throw new UsageError(`Invalid role ${role}`)
    const result = await reloadMembers(await this.actionDeps(), {
      scope,
      names,
      role,
      force: this.flags.force,
      citus: this.citusChoice(this.flags.group),
      loopWait: this.ctx().config.loopWait,
    })
    if (this.jsonMode) this.printJson(result)
    throwUnlessAllDone(result, 'reload')
  }
}
