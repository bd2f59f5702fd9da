import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { groupFlag, layoutFlag, liveFlags, watchFlags } from '../cli/flags.js'
import { liveLogin, showLiveListing } from '../cli/live-listing.js'
import { renderClusters } from '../output/cluster-list.js'
import { showClusterListing } from '../cli/cluster-listing.js'
import { watchInterval } from '../cli/watch.js'
import { UsageError } from '../errors.js'
import { pythonLogLine } from '../cluster/schedule.js'

export default class Topology extends BaseCommand<typeof Topology> {
  static override summary = 'Prints ASCII topology for given cluster'
  static override strict = false
  static override args = {
    clusterNames: Args.string({ description: 'cluster names (default: scope from the config)' }),
  }
  static override flags = {
    ...watchFlags,
    group: groupFlag,
    all: Flags.boolean({ char: 'a', description: 'Show every cluster in the namespace' }),
    layout: layoutFlag,
    ...liveFlags,
  }
  static override examples = ['<%= config.bin %> topology demo', '<%= config.bin %> topology demo --live -W']

  async run(): Promise<void> {
    const ctx = this.ctx()
    const names = this.positionals
    const all = this.flags.all
    if (all && names.length > 0) throw new UsageError('--all and cluster names are mutually exclusive')
    const scopes = names.length > 0 ? names : ctx.config.scope !== undefined ? [ctx.config.scope] : []
    if (!all && scopes.length === 0 && ctx.face === 'patronictl')
      return ctx.streams.err(
        pythonLogLine('WARNING', 'Listing members: No cluster names were provided', ctx.clock.now()),
      )
    if (!all && scopes.length === 0)
      throw new UsageError('No cluster names were provided (give CLUSTER_NAMES, --all, or scope in the configuration)')
    const citus = this.citusChoice(this.flags.group)
    const listing = { scopes, all, citus, interval: watchInterval(this.flags), missing: this.conduct.missingCluster }
    if (this.flags.live)
      return showLiveListing(ctx, {
        ...listing,
        format: this.jsonMode ? 'json' : 'pretty',
        login: await liveLogin(ctx, this.flags),
        dcsView: (c, f) =>
          renderClusters([c], f === 'pretty' ? 'topology' : f, { extended: false, dialectOf: this.dialectOf }),
      })
    if (this.flags.username !== undefined || this.flags.dbname !== undefined || this.flags.password)
      throw new UsageError('-U/--username, --dbname and --password go with --live')
    await showClusterListing(ctx, listing, (clusters) =>
      ctx.streams.out(
        renderClusters(clusters, this.jsonMode ? 'json' : 'topology', { extended: false, dialectOf: this.dialectOf }),
      ),
    )
  }
}
