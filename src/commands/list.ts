import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { formatFlag, groupFlag, layoutFlag, watchFlags } from '../cli/flags.js'
import { renderClusters } from '../output/cluster-list.js'
import { showClusterListing } from '../cli/cluster-listing.js'
import { watchInterval } from '../cli/watch.js'
import { localTimestamp } from '../cluster/schedule.js'
import { UsageError } from '../errors.js'
import type { OutputFormat } from '../output/table.js'

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
  }
  static override examples = [
    '<%= config.bin %> -c patroni.yml list',
    '<%= config.bin %> list demo -f json',
    '<%= config.bin %> list --all -e',
  ]

  async run(): Promise<void> {
    const names = this.positionals
    const ctx = this.ctx()
    const all = this.flags.all
    if (!all && names.length === 0 && ctx.config.scope === undefined) {
      throw new UsageError('No cluster names were provided (give CLUSTER_NAMES, --all, or scope in the configuration)')
    }
    if (all && names.length > 0) throw new UsageError('--all and cluster names are mutually exclusive')
    const scopes = names.length > 0 ? names : ctx.config.scope !== undefined ? [ctx.config.scope] : []
    const format = (this.jsonMode ? 'json' : this.flags.format) as OutputFormat
    const citus = this.citusChoice(this.flags.group)
    await showClusterListing(ctx, { scopes, all, citus, interval: watchInterval(this.flags) }, (clusters) => {
      const stamp = this.flags.timestamp ? localTimestamp(ctx.clock.now()) : undefined
      // a timestamp line would break the one JSON document; it goes to stderr there
      if (stamp !== undefined) {
        if (format === 'json') ctx.streams.err(stamp)
        else ctx.streams.out(stamp)
      }
      ctx.streams.out(renderClusters(clusters, format, { extended: this.flags.extended, dialectOf: this.dialectOf }))
    })
  }
}
