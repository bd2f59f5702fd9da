import { Args } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { ExitCode } from '../cli/exit-codes.js'
import { readCluster } from '../services/read-clusters.js'
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
    const cluster = await readCluster(await ctx.dcs(), clusterName)
    const versions = await memberVersions(await ctx.api(), cluster, memberNames)
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
    if (versions.some((v) => v.unreachable)) process.exitCode = ExitCode.agentUnreachable
    else if (versions.some((v) => v.error !== null)) process.exitCode = ExitCode.actionFailed
  }
}
