import type { CitusChoice, ClusterGroups } from '../cluster/citus.js'
import { ExitCode } from '../exit-codes.js'
import { listingOf, readClusters } from '../services/read-clusters.js'
import type { Context } from './context.js'
import { drawOnChanges } from './watch.js'

export interface ListingRequest {
  readonly scopes: readonly string[]
  readonly all: boolean
  readonly citus: CitusChoice
  /** -W / -w: redraw on every change, at least every `interval` seconds; undefined: show once */
  readonly interval: number | undefined
  /** a named cluster with no key: an error (ptctl), or shown empty (patronictl) */
  readonly missing?: 'error' | 'empty'
}

/**
 * What `list` and `topology` share: the clusters read once, or drawn again on every change under -W/-w. Clusters left
 * out (a key holding garbage under --all, a named cluster gone during a watch) are named on stderr and make the exit
 * code 1.
 */
export async function showClusterListing(
  ctx: Context,
  request: ListingRequest,
  show: (clusters: readonly ClusterGroups[]) => void,
): Promise<void> {
  const { scopes, all, citus, interval } = request
  const dcs = await ctx.dcs()
  const draw = ({ clusters, skipped }: { clusters: readonly ClusterGroups[]; skipped: readonly string[] }) => {
    for (const message of skipped) ctx.streams.err(`Warning: left out: ${message}`)
    if (skipped.length > 0) process.exitCode = ExitCode.actionFailed
    show(clusters)
  }
  if (interval === undefined) {
    draw(await readClusters(dcs, scopes, all, citus, request.missing))
    return
  }
  const target = {
    ...(all ? {} : { scopes }),
    citus: citus.citus,
    ...(citus.group !== undefined ? { group: citus.group } : {}),
  }
  await drawOnChanges(ctx, interval, target, (clusters) =>
    draw(listingOf(clusters, scopes, all, citus, dcs.description, request.missing)),
  )
}
