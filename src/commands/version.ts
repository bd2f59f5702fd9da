import { Args } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { buildInfo, buildLine } from '../cli/build-info.js'
import { groupFlag } from '../cli/flags.js'
import type { ClusterGroups } from '../cluster/citus.js'
import { formatVersion } from '../cluster/generation.js'
import { escapeControls } from '../output/escape.js'
import { ActionError, MembersUnreachableError } from '../errors.js'
import { answeredVersion, patronictlVersionLine, type AnsweredVersion } from '../services/answered-version.js'
import { readGroups } from '../services/read-clusters.js'
import { memberVersions, type MemberVersion } from '../services/versions.js'

export default class Version extends BaseCommand<typeof Version> {
  static override summary = 'Output version of ptctl or of the members of a running cluster'
  static override description =
    "Says ptctl's version, and the patronictl version it answers as (that of the node's own agent when the configuration is a patroni.yml, else the lowest of the cluster's members, else the Patroni installed here, else the newest it knows). With a cluster, each member's Patroni and PostgreSQL versions come from its REST API (GET /patroni). Its third line says which build this is: git commit, build date, and whether it is the single executable. Invoked as patronictl, the first line is patronictl's own: `patronictl version V`."
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
    const [clusterName, ...memberNames] = this.positionals
    const ctx = this.ctx()
    const view =
      clusterName !== undefined
        ? await readGroups(await ctx.dcs(), clusterName, this.citusChoice(this.flags.group), {
            missing: this.conduct.missingCluster,
          })
        : undefined
    const answered = await this.answeredVersion(view)
    const asked = ctx.face === 'patronictl' ? memberNames.filter((n) => this.isMember(view, n)) : memberNames
    // patronictl asks only the members named that exist, and none when the names match none
    const versions =
      view && (asked.length > 0 || memberNames.length === 0) ? await memberVersions(await ctx.api(), view, asked) : []
    if (this.jsonMode) this.printJson(this.document(answered, view ? versions : undefined))
    else ctx.streams.out(this.lines(answered, view ? versions : undefined).join('\n'))
    if (ctx.face === 'patronictl') return
    const unreachable = versions.filter((v) => v.unreachable).map((v) => v.member)
    const failed = versions.filter((v) => v.error !== null && !v.unreachable).map((v) => v.member)
    if (unreachable.length > 0)
      throw new MembersUnreachableError(`could not reach the REST API of ${unreachable.join(', ')} for its version`)
    if (failed.length > 0) throw new ActionError(`could not get the version of ${failed.join(', ')}`)
  }

  private isMember(view: ClusterGroups | undefined, name: string): boolean {
    return view?.groups.some((g) => g.members.some((m) => m.name === name)) ?? false
  }

  /** V from the node's agent, the cluster's members, the Patroni installed here, or the newest ptctl knows. */
  private async answeredVersion(view: ClusterGroups | undefined): Promise<AnsweredVersion> {
    const ctx = this.ctx()
    const { ownAgentUrl, scope, dcs } = ctx.config
    return answeredVersion({
      ...(ownAgentUrl !== undefined
        ? {
            ownAgent: async () => {
              const status = await (await ctx.api()).status({ name: 'this node', apiUrl: ownAgentUrl })
              return { url: ownAgentUrl.replace(/\/patroni$/, ''), version: status.patroni?.version }
            },
          }
        : {}),
      ...(view !== undefined
        ? { cluster: async () => view }
        : scope !== undefined && dcs !== undefined
          ? { cluster: async () => readGroups(await ctx.dcs(), scope, this.citusChoice(this.flags.group)) }
          : {}),
      installed: () => this.installedPatroni(),
    })
  }

  private lines(answered: AnsweredVersion, versions: readonly MemberVersion[] | undefined): string[] {
    // names from the DCS, versions and errors from the agents: one line each, control characters escaped
    const members = (versions ?? []).map((v) =>
      escapeControls(
        v.error === null
          ? `${v.member}: Patroni ${v.patroni ?? '?'} PostgreSQL ${v.postgresql ?? '?'}`
          : `${v.member}: failed to get version: ${v.error}`,
      ),
    )
    const head =
      this.ctx().face === 'patronictl'
        ? [patronictlVersionLine(answered)]
        : [
            `ptctl version ${this.config.version}`,
            `${patronictlVersionLine(answered)} (answering as it: ${answered.from})`,
            buildLine(buildInfo()),
          ]
    return versions !== undefined ? [...head, '', ...members] : head
  }

  private document(answered: AnsweredVersion, versions: readonly MemberVersion[] | undefined): unknown {
    return {
      ptctl: this.config.version,
      build: buildInfo(),
      patronictl: { version: formatVersion(answered.version), source: answered.source },
      ...(versions !== undefined
        ? {
            members: versions.map((v) => ({
              member: v.member,
              patroni: v.patroni,
              postgresql: v.postgresql,
              error: v.error,
            })),
          }
        : {}),
    }
  }
}
