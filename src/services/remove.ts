import type { Cluster } from '../cluster/types.js'
import { ActionError } from '../errors.js'
import { readCluster } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'

export interface RemoveOptions {
  readonly scope: string
  /** the Citus group to remove */
  readonly group?: number
  /** non-interactive form: the cluster name typed again, and the leader when the cluster has one */
  readonly confirmName?: string
  readonly confirmLeader?: string
  /** renders the table of what is removed, printed first */
  readonly table: (cluster: Cluster) => string
}

export interface RemoveResult {
  readonly cluster: string
  readonly removed: boolean
  readonly leader: string | null
}

const AWARE = 'Yes I am aware'

/**
 * patronictl's three confirmations (cluster name, "Yes I am aware", leader name if there is one), or their
 * non-interactive form: --confirm-name NAME [--confirm-leader LEADER] must name the same things.
 */
export async function removeCluster(deps: ActionDeps, o: RemoveOptions): Promise<RemoveResult> {
  // a cluster whose keys hold garbage is exactly what one may want to remove
  const cluster = await readCluster(deps.dcs, o.scope, {
    tolerateInvalid: true,
    missing: deps.conduct.missingCluster,
    ...(o.group !== undefined ? { group: o.group } : {}),
  })
  const table = o.table(cluster)
  if (table !== '') deps.report(table)
  const leader = cluster.leader?.value
  const scripted = o.confirmName !== undefined
  const name = scripted
    ? o.confirmName
    : await deps.prompt.input({ message: 'Please confirm the cluster name to remove', flag: '--confirm-name NAME' })
  if (name !== o.scope) throw new ActionError('Cluster names specified do not match')
  if (!scripted) {
    const aware = await deps.prompt.input({
      message: `You are about to remove all information in DCS for ${o.scope}, please type: "${AWARE}"`,
      flag: '--confirm-name NAME',
    })
    if (aware !== AWARE) throw new ActionError(`You did not exactly type "${AWARE}"`)
  }
  if (leader !== undefined) {
    const given = scripted
      ? o.confirmLeader
      : await deps.prompt.input({
          message: 'This cluster currently is healthy. Please specify the leader name to continue',
          flag: '--confirm-leader LEADER',
        })
    if (given !== leader) throw new ActionError('You did not specify the current leader of the cluster')
  } else if (o.confirmLeader !== undefined) {
    throw new ActionError(`Cluster ${o.scope} has no leader; drop --confirm-leader`)
  }
  await deps.dcs.deleteCluster(cluster)
  return { cluster: o.scope, removed: true, leader: leader ?? null }
}
