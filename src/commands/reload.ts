import { Args } from '@oclif/core'

import { forceFlag } from '../cli/action-flags.js'
import { BaseCommand } from '../cli/base-command.js'
import { roleFlag } from '../cli/flags.js'
import { isCtlRole } from '../cluster/select.js'
import { ActionError, UsageError } from '../errors.js'
import { failedMembers, reloadMembers } from '../services/member-actions.js'

export default class Reload extends BaseCommand<typeof Reload> {
  static override summary = 'Reload cluster member configuration'
  static override strict = false
  static override args = {
    clusterName: Args.string({ required: true, description: 'cluster name' }),
    memberNames: Args.string({ description: 'members to reload (default: every member with --role)' }),
  }
  static override flags = { role: roleFlag('Reload only members with this role', 'any'), force: forceFlag }
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
      loopWait: this.ctx().config.loopWait,
    })
    if (this.jsonMode) this.printJson(result)
    const failed = failedMembers(result)
    if (failed.length > 0) throw new ActionError(`reload failed on ${failed.map((m) => m.member).join(', ')}`)
  }
}
