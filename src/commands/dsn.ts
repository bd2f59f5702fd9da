import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { groupFlag, roleFlag } from '../cli/flags.js'
import { isCtlRole } from '../cluster/select.js'
import { UsageError } from '../errors.js'
import { dsnUri, findDsn } from '../services/dsn.js'
import { readGroups } from '../services/read-clusters.js'
import { escapeControls } from '../output/escape.js'

export default class Dsn extends BaseCommand<typeof Dsn> {
  static override summary = 'Generate a dsn for the provided member, defaults to a dsn of the leader'
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = {
    role: roleFlag('Give a dsn of any member with this role'),
    member: Flags.string({ char: 'm', description: 'Generate a dsn for this member' }),
    group: groupFlag,
    uri: Flags.boolean({
      description:
        'A multi-host libpq URI of every member, with target_session_attrs (read-write for the leader, prefer-standby for replicas) so libpq finds the role itself, also after a switchover',
    }),
    dbname: Flags.string({ description: 'With --uri: the database (default postgres)' }),
    user: Flags.string({ description: 'With --uri: the user' }),
  }
  static override examples = [
    '<%= config.bin %> dsn demo',
    '<%= config.bin %> dsn demo -r replica',
    '<%= config.bin %> dsn demo -m pg2',
    '<%= config.bin %> dsn demo --uri',
    '<%= config.bin %> dsn demo --uri -r replica --dbname app --user app',
  ]

  async run(): Promise<void> {
    const { role, member } = this.flags
    if (role !== undefined && member !== undefined)
      throw new UsageError('--role and --member are mutually exclusive options')
    const ctx = this.ctx()
    const view = await readGroups(
      await ctx.dcs(),
      this.clusterName(this.args.clusterName),
      this.citusChoice(this.flags.group),
      { missing: this.conduct.missingCluster },
    )
    const selector = {
      ...(role !== undefined && isCtlRole(role) ? { role } : {}),
      ...(member !== undefined ? { member } : {}),
    }
    const { uri, dbname, user } = this.flags
    if (!uri && (dbname !== undefined || user !== undefined)) throw new UsageError('--dbname and --user go with --uri')
    if (uri) {
      const found = dsnUri(view, selector, { dbname: dbname ?? 'postgres', ...(user !== undefined ? { user } : {}) })
      if (this.jsonMode) this.printJson(found)
      else ctx.streams.out(escapeControls(found.uri))
      return
    }
    const dsn = findDsn(view, selector)
    if (this.jsonMode) this.printJson(dsn)
    else ctx.streams.out(escapeControls(dsn.dsn))
  }
}
