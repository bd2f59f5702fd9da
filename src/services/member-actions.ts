import { NOT_CITUS, type CitusChoice, type ClusterGroups } from '../cluster/citus.js'
import { assertCandidates, selectMembers } from '../cluster/member-selection.js'
import type { CtlRole } from '../cluster/select.js'
import type { Cluster, Member } from '../cluster/types.js'
import { ActionError } from '../errors.js'
import { readGroups } from './read-clusters.js'
import type { ActionDeps } from './reporter.js'

/**
 * The common start of patronictl's member actions: read the cluster (every Citus group unless one was chosen),
 * show its table, select the members.
 */
export async function showAndSelect(
  deps: ActionDeps,
  o: { scope: string; names: readonly string[]; role: CtlRole; citus?: CitusChoice },
): Promise<{ cluster: Cluster; view: ClusterGroups; members: Member[] }> {
  const view = await readGroups(deps.dcs, o.scope, o.citus ?? NOT_CITUS, { missing: deps.conduct.missingCluster })
  assertCandidates(view, o.names, o.role)
  deps.report(deps.topology(view))
  const members = selectMembers(view, o.names, o.role, {
    unknownNames: deps.conduct.unknownMemberNames,
    version: deps.generation(view).version,
  })
  // settings patronictl reads from "the cluster" (paused, loop_wait) are the coordinator's on a Citus cluster
  return { cluster: view.groups[0] as Cluster, view, members }
}

/** A confirmation unless --force; "no" ends with patronictl's `Error: Aborted <action>`. */
export async function confirmOrAbort(deps: ActionDeps, force: boolean, message: string, abort: string): Promise<void> {
  if (force) return
  if (!(await deps.prompt.confirm({ message, flag: '--force' }))) throw new ActionError(abort)
}
