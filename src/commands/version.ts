import { Args } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { ActionError, MembersUnreachableError } from '../errors.js'
import { groupFlag } from '../cli/flags.js'
import { readGroups } from '../services/read-clusters.js'
import { memberVersions } from '../services/versions.js'

export default class Version extends BaseCommand<typeof Version> {
  static override summary = 'Output version of ptctl or of the members of a running cluster'
  static override description =
    "Without a cluster no configuration is read and nothing is contacted. With one, each member's Patroni and PostgreSQL versions come from its REST API (GET /patroni)."
  static override strict = false
  static override args = {
    clusterName: Args.string({ description: 'cluster name' }),
    memberNames: Args.string({ description: 'only these members' }),
  }
  static override flags = { group: groupFlag }
  static override examples = [
    '<%= config.bin %> version',
    '<%= config.bin %> version demo',
    '<%= config.bin %> version demo pg1 pg2',
  ]

  async run(): Promise<void> {
    const own = `ptctl version ${this.config.version}`
    const [clusterName, ...memberNames] = this.positionals
    if (clusterName === undefined) {
      if (this.jsonMode) this.printJson({ ptctl: this.config.version })
      else this.out(own)
      return
    }
    const ctx = this.ctx()
    const view = await readGroups(await ctx.dcs(), clusterName, this.citusChoice(this.flags.group))
    const versions = await memberVersions(await ctx.api(), view, memberNames)
    if (this.jsonMode) {
      this.printJson({
        ptctl: this.config.version,
        members: versions.map((v) => ({
          member: v.member,
          patroni: v.patroni,
          postgresql: v.postgresql,
          error: v.error,
        })),
      })
    } else {
      const lines = versions.map((v) =>
        v.error === null
          ? `${v.member}: Patroni ${v.patroni ?? '?'} PostgreSQL ${v.postgresql ?? '?'}`
          : `${v.member}: failed to get version: ${v.error}`,
      )
      ctx.streams.out([own, '', ...lines].join('\n'))
    }
    const unreachable = versions.filter((v) => v.unreachable).map((v) => v.member)
    const failed = versions.filter((v) => v.error !== null && !v.unreachable).map((v) => v.member)
    if (unreachable.length > 0)
      throw new MembersUnreachableError(`could not reach the REST API of ${unreachable.join(', ')} for its version`)
    if (failed.length > 0) throw new ActionError(`could not get the version of ${failed.join(', ')}`)
  }
}
