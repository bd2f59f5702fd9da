import type { Cluster } from '../cluster/types.js'
import type { Dcs } from '../dcs/dcs.js'
import { ActionError } from '../errors.js'

/** True when the DCS holds no key at all for the cluster: a mistyped name, not an uninitialized cluster. */
export function isAbsent(cluster: Cluster): boolean {
  return (
    cluster.initialize === null &&
    cluster.config === null &&
    cluster.leader === null &&
    cluster.members.length === 0 &&
    cluster.history === null &&
    cluster.failover === null &&
    cluster.sync === null
  )
}

export function notFound(scope: string, dcs: Dcs): ActionError {
  return new ActionError(`Cluster ${scope} not found in ${dcs.description}`)
}

/** Keys that hold garbage make every command but `remove` stop with the key's name: nothing is decided on bad data. */
export function checkValid(cluster: Cluster): Cluster {
  if (cluster.invalidKeys.length > 0) {
    throw new ActionError(
      `Cluster ${cluster.scope}: ${cluster.invalidKeys.join(', ')} ${cluster.invalidKeys.length === 1 ? 'holds' : 'hold'} invalid data (not the JSON Patroni writes)`,
    )
  }
  return cluster
}

/** Reads one cluster; a name with no keys in the DCS is an error (patronictl prints an empty table). */
export async function readCluster(dcs: Dcs, scope: string, o: { tolerateInvalid?: boolean } = {}): Promise<Cluster> {
  const cluster = await dcs.getCluster(scope)
  if (isAbsent(cluster)) throw notFound(scope, dcs)
  return o.tolerateInvalid === true ? cluster : checkValid(cluster)
}

export interface ClusterListing {
  readonly clusters: readonly Cluster[]
  /** with --all: clusters left out because a key holds garbage, one message each */
  readonly skipped: readonly string[]
}

/**
 * The clusters `list`/`topology` show: every cluster of the namespace with `all`, else the named ones in order.
 * In a shared namespace one broken cluster must not hide the others: --all shows the rest and names it.
 */
export async function readClusters(dcs: Dcs, names: readonly string[], all: boolean): Promise<ClusterListing> {
  if (all) {
    const clusters: Cluster[] = []
    const skipped: string[] = []
    for (const cluster of await dcs.getAllClusters()) {
      try {
        clusters.push(checkValid(cluster))
      } catch (e) {
        skipped.push((e as Error).message)
      }
    }
    return { clusters, skipped }
  }
  const clusters: Cluster[] = []
  for (const name of names) clusters.push(await readCluster(dcs, name))
  return { clusters, skipped: [] }
}
