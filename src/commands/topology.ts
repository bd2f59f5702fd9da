import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { ExitCode } from '../exit-codes.js'
import { groupFlag, watchFlags } from '../cli/flags.js'
import { renderClusters } from '../output/cluster-list.js'
import { drawOnChanges, watchInterval } from '../cli/watch.js'
import { UsageError } from '../errors.js'
import { listingOf, readClusters, type ClusterListing } from '../services/read-clusters.js'

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
  }
  static override examples = ['<%= config.bin %> topology demo']

  async run(): Promise<void> {
    const ctx = this.ctx()
    const names = this.positionals
    const all = this.flags.all
    if (all && names.length > 0) throw new UsageError('--all and cluster names are mutually exclusive')
    const scopes = names.length > 0 ? names : ctx.config.scope !== undefined ? [ctx.config.scope] : []
    if (!all && scopes.length === 0)
      throw new UsageError('No cluster names were provided (give CLUSTER_NAMES, --all, or scope in the configuration)')
    const dcs = await ctx.dcs()
    const citus = this.citusChoice(this.flags.group)
    const show = ({ clusters, skipped }: ClusterListing) => {
      for (const message of skipped) ctx.streams.err(`Warning: left out: ${message}`)
      if (skipped.length > 0) process.exitCode = ExitCode.actionFailed
      ctx.streams.out(renderClusters(clusters, this.jsonMode ? 'json' : 'topology', false))
    }
    const interval = watchInterval(this.flags)
    if (interval === undefined) {
      show(await readClusters(dcs, scopes, all, citus))
      return
    }
    const target = {
      ...(all ? {} : { scopes }),
      citus: citus.citus,
      ...(citus.group !== undefined ? { group: citus.group } : {}),
    }
    await drawOnChanges(ctx, interval, target, (clusters) =>
      show(listingOf(clusters, scopes, all, citus, dcs.description)),
    )
  }
}
