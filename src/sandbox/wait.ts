import type { Cluster } from '../cluster/types.js'
import { ActionError } from '../errors.js'
import { loadCtlConfig } from '../config/load.js'
import type { Dcs } from '../dcs/dcs.js'
import { openDcs } from '../dcs/factory.js'
import { UndiciPatroniApi } from '../patroni-api/undici-api.js'
import { pause, throwIfAborted } from './abort.js'
import type { StartWatch } from './start-watch.js'
import type { SandboxState } from './state.js'

export interface Health {
  readonly healthy: boolean
  readonly summary: string
}

interface Replication {
  readonly application_name?: string
  readonly state?: string
}

/**
 * Healthy = a leader, every member running, and the leader streaming to every other member by name
 * (pg_basebackup's own WAL sender also says "streaming", so only walsenders named after members count).
 */
export async function clusterHealth(state: SandboxState, dcs: Dcs, api: UndiciPatroniApi): Promise<Health> {
  const cluster: Cluster = await dcs.getCluster(state.scope)
  const leaderName = cluster.leader?.value
  const running = cluster.members.filter((m) => m.state === 'running').map((m) => m.name)
  const leader = cluster.members.find((m) => m.name === leaderName)
  let streaming: string[] = []
  if (leader?.apiUrl) {
    try {
      const status = await api.status({ name: leader.name, apiUrl: leader.apiUrl })
      const replication = Array.isArray(status['replication']) ? (status['replication'] as Replication[]) : []
      const names = new Set(state.nodes.map((n) => n.name))
      streaming = replication
        .filter((r) => r.state === 'streaming' && r.application_name !== undefined && names.has(r.application_name))
        .map((r) => r.application_name ?? '')
    } catch {
      streaming = []
    }
  }
  const expected = state.nodes.length
  const healthy = leaderName !== undefined && running.length === expected && streaming.length === expected - 1
  return {
    healthy,
    summary: `leader: ${leaderName ?? 'none'}, running: ${running.length}/${expected}, streaming replicas: ${streaming.length}/${expected - 1}`,
  }
}

/**
 * Waits for a healthy cluster (see clusterHealth). A node that dies or logs a fault it will not recover from ends the
 * wait at once (`watch`); the timeout is for a cluster that is alive but slow.
 */
export async function waitForHealthyCluster(
  state: SandboxState,
  o: { timeoutMs: number; progress: (line: string) => void; watch: StartWatch; signal?: AbortSignal },
): Promise<void> {
  const { timeoutMs, progress, watch, signal } = o
  const config = loadCtlConfig({
    configFile: state.ctlConfig,
    insecure: false,
    timeoutSeconds: 2,
    env: {},
    home: state.dir,
  })
  const dcs = await openDcs(config)
  // the REST API as ptctl reaches it: credentials and TLS files from the sandbox's own patronictl.yaml
  const api = new UndiciPatroniApi(config.restApi, { callMs: 2000, slowCallMs: 2000 })
  const started = Date.now()
  let lastReport = 0
  let last = 'no answer from etcd yet'
  try {
    while (Date.now() - started < timeoutMs) {
      throwIfAborted(signal)
      watch.check()
      try {
        const health = await clusterHealth(state, dcs, api)
        last = health.summary
        if (health.healthy) {
          progress(`cluster ${state.scope} is healthy after ${((Date.now() - started) / 1000).toFixed(1)}s (${last})`)
          return
        }
      } catch (e) {
        last = (e as Error).message
      }
      if (Date.now() - lastReport > 3000) {
        progress(`waiting for the cluster: ${last}`)
        lastReport = Date.now()
      }
      await pause(500, signal)
    }
    throw new ActionError(
      `The sandbox cluster was not healthy after ${timeoutMs / 1000}s (${last}); logs are in ${state.dir}`,
    )
  } finally {
    await Promise.allSettled([dcs.close(), api.close()])
  }
}
