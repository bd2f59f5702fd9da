import { descendants, isRunning, killAll, postmasterOf, stopProcess, type ProcessRef } from './processes.js'
import type { SandboxNode, SandboxProcess, SandboxState } from './state.js'

/** Patroni stops its PostgreSQL on SIGTERM; with its DCS gone it may not, hence the bounded escalation. */
const PATRONI_GRACE_MS = 20_000
/** SIGINT is PostgreSQL's fast shutdown: clients are disconnected, no waiting for them. */
const POSTMASTER_GRACE_MS = 10_000
const STORE_GRACE_MS = 10_000

const refOf = (p: SandboxProcess): ProcessRef =>
  p.startTicks !== undefined ? { pid: p.pid, startTicks: p.startTicks } : { pid: p.pid }

/**
 * One node: Patroni first (it shuts its PostgreSQL down), then the postmaster if it outlived Patroni, then SIGKILL for
 * whatever is left of the processes found under either of them before they were asked to stop (a bootstrap's
 * initdb or pg_basebackup, PostgreSQL's backends).
 */
async function stopNode(node: SandboxNode): Promise<string[]> {
  const stopped: string[] = []
  const patroni = refOf(node)
  const tree = isRunning(patroni) ? descendants(patroni.pid) : []
  const postmasterBefore = postmasterOf(node.dataDir)
  if (postmasterBefore) tree.push(...descendants(postmasterBefore.pid))
  if (await stopProcess(patroni, PATRONI_GRACE_MS)) stopped.push(`${node.name} (pid ${node.pid})`)
  // read again: Patroni may have started PostgreSQL after the first look
  const postmaster = postmasterOf(node.dataDir)
  if (postmaster) {
    tree.push(...descendants(postmaster.pid))
    await stopProcess(postmaster, POSTMASTER_GRACE_MS, 'SIGINT')
    stopped.push(`${node.name} postmaster (pid ${postmaster.pid})`)
  }
  const killed = await killAll(tree)
  if (killed > 0) stopped.push(`${killed} leftover process${killed === 1 ? '' : 'es'} of ${node.name}`)
  return stopped
}

/**
 * Stops exactly the processes `sandbox up` recorded, in an order that lets each exit: every Patroni node (and its
 * PostgreSQL) before the DCS they need to shut down cleanly. Safe to run twice, and on a half-started sandbox.
 */
export async function stopSandboxProcesses(state: SandboxState): Promise<string[]> {
  const perNode = await Promise.all(state.nodes.map(stopNode))
  const stopped = perNode.flat()
  const store = refOf(state.store)
  const storeTree = isRunning(store) ? descendants(store.pid) : []
  if (await stopProcess(store, STORE_GRACE_MS)) stopped.push(`${state.store.name} (pid ${state.store.pid})`)
  await killAll(storeTree)
  return stopped
}
