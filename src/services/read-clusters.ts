import { NOT_CITUS, singleCluster, type CitusChoice, type ClusterGroups } from '../cluster/citus.js'
import { parseCluster } from '../cluster/parse.js'
import type { Cluster } from '../cluster/types.js'
import type { Dcs } from '../dcs/dcs.js'
import { ActionError } from '../errors.js'
import type { Conduct } from './conduct.js'

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

export interface ReadOptions {
  /** a key holding garbage is read as empty instead of stopping the command (`remove`) */
  readonly tolerateInvalid?: boolean
  /** a cluster with no key at all: an error (ptctl's default), or the empty cluster patronictl goes on with */
  readonly missing?: Conduct['missingCluster']
}

/** Reads one cluster (one Citus group with `group`); no keys at all is an error unless `missing` says empty. */
export async function readCluster(dcs: Dcs, scope: string, o: ReadOptions & { group?: number } = {}): Promise<Cluster> {
  const cluster = await dcs.getCluster(scope, o.group)
  if (isAbsent(cluster) && o.missing !== 'empty')
    throw notFound(o.group !== undefined ? `${scope} (group ${o.group})` : scope, dcs)
  return o.tolerateInvalid === true ? cluster : checkValid(cluster)
}

/**
 * A cluster as the command chose it: the cluster, one Citus group, or every group of a Citus cluster (one read).
 */
export async function readGroups(
  dcs: Dcs,
  scope: string,
  choice: CitusChoice,
  o: ReadOptions = {},
): Promise<ClusterGroups> {
  if (!choice.citus) return singleCluster(await readCluster(dcs, scope, o))
  if (choice.group !== undefined) {
    const cluster = await readCluster(dcs, scope, { ...o, group: choice.group })
    return { scope, groups: [cluster], citus: true, group: choice.group }
  }
  const groups = (await dcs.getCitusGroups(scope)).filter((g) => !isAbsent(g))
  if (groups.length === 0 && o.missing === 'empty')
    return { scope, groups: [await dcs.getCluster(scope, 0)], citus: true }
  if (groups.length === 0) throw notFound(scope, dcs)
  return { scope, groups: o.tolerateInvalid === true ? groups : groups.map(checkValid), citus: true }
}

export interface ClusterListing {
  readonly clusters: readonly ClusterGroups[]
  /** with --all: clusters left out because a key holds garbage, one message each */
  readonly skipped: readonly string[]
}

/**
 * The clusters `list`/`topology` show: every cluster of the namespace with `all`, else the named ones in order.
 * In a shared namespace one broken cluster must not hide the others: --all shows the rest and names it.
 */
export async function readClusters(
  dcs: Dcs,
  names: readonly string[],
  all: boolean,
  choice: CitusChoice = NOT_CITUS,
  missing: Conduct['missingCluster'] = 'error',
): Promise<ClusterListing> {
  if (all) {
    const clusters: ClusterGroups[] = []
    const skipped: string[] = []
    for (const view of groupedByScope(await dcs.getAllClusters(choice.citus), choice)) {
      try {
        view.groups.forEach(checkValid)
        clusters.push(view)
      } catch (e) {
        skipped.push((e as Error).message)
      }
    }
    return { clusters, skipped }
  }
  const clusters: ClusterGroups[] = []
  for (const name of names) clusters.push(await readGroups(dcs, name, choice, { missing }))
  return { clusters, skipped: [] }
}

/**
 * The same listing from clusters a watch already holds (every group of the named clusters, or of the namespace):
 * a named cluster with no keys, or one holding garbage, is left out with a message instead of ending the watch.
 */
export function listingOf(
  clusters: readonly Cluster[],
  names: readonly string[],
  all: boolean,
  choice: CitusChoice,
  where: string,
  missing: Conduct['missingCluster'] = 'error',
): ClusterListing {
  const present = clusters.filter((c) => !isAbsent(c))
  const views = all
    ? groupedByScope(present, choice)
    : names.map(
        (name) =>
          groupedByScope(
            present.filter((c) => c.scope === name),
            choice,
          )[0] ?? name,
      )
  const shown: ClusterGroups[] = []
  const skipped: string[] = []
  for (const view of views) {
    if (typeof view === 'string' && missing === 'empty') {
      shown.push(
        choice.citus
          ? { scope: view, groups: [parseCluster(view, '', [], 0)], citus: true }
          : singleCluster(parseCluster(view, '', [])),
      )
      continue
    }
    if (typeof view === 'string') {
      skipped.push(`Cluster ${view} not found in ${where}`)
      continue
    }
    try {
      view.groups.forEach(checkValid)
      shown.push(view)
    } catch (e) {
      skipped.push((e as Error).message)
    }
  }
  return { clusters: shown, skipped }
}

/** Clusters (or Citus groups, each with its scope) gathered by scope, in the order read. */
function groupedByScope(clusters: readonly Cluster[], choice: CitusChoice): ClusterGroups[] {
  if (!choice.citus) return clusters.map(singleCluster)
  const byScope = new Map<string, Cluster[]>()
  for (const c of clusters) {
    if (choice.group !== undefined && c.group !== choice.group) continue
    byScope.set(c.scope, [...(byScope.get(c.scope) ?? []), c])
  }
  return [...byScope.entries()].map(([scope, groups]) => ({
    scope,
    groups,
    citus: true,
    ...(choice.group !== undefined ? { group: choice.group } : {}),
  }))
}
