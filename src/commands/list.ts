import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { formatFlag, groupFlag, layoutFlag, liveFlags, watchFlags } from '../cli/flags.js'
import { liveLogin, showLiveListing, type LiveFormat } from '../cli/live-listing.js'
import { renderClusters } from '../output/cluster-list.js'
import { showClusterListing } from '../cli/cluster-listing.js'
import { watchInterval } from '../cli/watch.js'
import { localTimestamp, pythonLogLine } from '../cluster/schedule.js'
import { UsageError } from '../errors.js'
import { checkFormatEarly, formatFor } from '../cli/output-format.js'

export default class List extends BaseCommand<typeof List> {
  static override summary = 'List the Patroni members for a given Patroni'
  static override description = 'Shows one table per cluster; --all lists every cluster found in the namespace.'
  static override strict = false
  static override args = {
    clusterNames: Args.string({ description: 'cluster names (default: scope from the config)' }),
  }
  static override flags = {
    extended: Flags.boolean({ char: 'e', description: 'Show some extra information' }),
    timestamp: Flags.boolean({ char: 't', description: 'Print timestamp' }),
    format: formatFlag,
    ...watchFlags,
    group: groupFlag,
    all: Flags.boolean({ char: 'a', description: 'List every cluster in the namespace' }),
    layout: layoutFlag,
    ...liveFlags,
  }
  static override examples = [
    '<%= config.bin %> -c patroni.yml list',
    '<%= config.bin %> list demo --live -U postgres',
    '<%= config.bin %> list demo -f json',
    '<%= config.bin %> list --all -e',
  ]

  async run(): Promise<void> {
    const names = this.positionals
    const ctx = this.ctx()
    const all = this.flags.all
    if (!all && names.length === 0 && ctx.config.scope === undefined) {
      // patronictl logs a warning and lists nothing (exit 0)
      if (ctx.face === 'patronictl')
        return ctx.streams.err(
          pythonLogLine('WARNING', 'Listing members: No cluster names were provided', ctx.clock.now()),
        )
      throw new UsageError('No cluster names were provided (give CLUSTER_NAMES, --all, or scope in the configuration)')
    }
    if (all && names.length > 0) throw new UsageError('--all and cluster names are mutually exclusive')
    const scopes = names.length > 0 ? names : ctx.config.scope !== undefined ? [ctx.config.scope] : []
    const given = this.jsonMode ? 'json' : this.flags.format
    checkFormatEarly(given, ctx.face, this.id)
    const citus = this.citusChoice(this.flags.group)
    const listing = { scopes, all, citus, interval: watchInterval(this.flags), missing: this.conduct.missingCluster }
    if (this.flags.live) {
      const format: LiveFormat = given === 'yml' ? 'yaml' : (given as LiveFormat)
      return showLiveListing(ctx, {
        ...listing,
        format,
        login: await liveLogin(ctx, this.flags),
        dcsView: (c, f) => renderClusters([c], f, { extended: this.flags.extended, dialectOf: this.dialectOf }),
      })
    }
    if (this.flags.username !== undefined || this.flags.dbname !== undefined || this.flags.password)
      throw new UsageError('-U/--username, --dbname and --password go with --live')
    await showClusterListing(ctx, listing, (clusters) => {
      const stamp = this.flags.timestamp ? localTimestamp(ctx.clock.now()) : undefined
      // a timestamp line would break ptctl's one JSON document: it goes to stderr there (patronictl prints it first)
      if (stamp !== undefined) {
        if (given === 'json' && ctx.face === 'native') ctx.streams.err(stamp)
        else ctx.streams.out(stamp)
      }
      const shown = clusters.flatMap((c) => {
        const format = formatFor(given, { face: ctx.face, generation: this.generationOf(c), command: this.id })
        return format === 'none' ? [] : [{ c, format }]
      })
      const format = shown[0]?.format
      if (format === undefined) return
      const text = renderClusters(
        shown.map((s) => s.c),
        format,
        { extended: this.flags.extended, dialectOf: this.dialectOf },
      )
      ctx.streams.out(text)
    })
  }
}
