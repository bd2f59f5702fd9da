import type { KvRecord } from '../../src/dcs/kv-store.js'
import { parseCluster } from '../../src/cluster/parse.js'
import type { Cluster } from '../../src/cluster/types.js'

export interface ClusterSpec {
  scope?: string
  namespace?: string
  initialize?: string
  config?: Record<string, unknown>
  leader?: string | undefined
  members?: Record<string, Record<string, unknown>>
  failover?: Record<string, unknown> | string
  sync?: Record<string, unknown>
  history?: unknown[]
  optime?: number
  legacyOptime?: number
  failsafe?: Record<string, unknown>
}

/** KV records shaped as Patroni writes them, for a cluster described by `spec`. */
export function clusterRecords(spec: ClusterSpec): KvRecord[] {
  const prefix = `${spec.namespace ?? '/service/'}${spec.scope ?? 'batman'}/`
  let version = 10
  const rec = (key: string, value: string): KvRecord => ({ key: prefix + key, value, version: String(version++) })
  const out: KvRecord[] = []
  if (spec.initialize !== undefined) out.push(rec('initialize', spec.initialize))
  if (spec.config) out.push(rec('config', JSON.stringify(spec.config)))
  if (spec.leader) out.push(rec('leader', spec.leader))
  for (const [name, data] of Object.entries(spec.members ?? {})) out.push(rec(`members/${name}`, JSON.stringify(data)))
  if (spec.failover !== undefined)
    out.push(rec('failover', typeof spec.failover === 'string' ? spec.failover : JSON.stringify(spec.failover)))
  if (spec.sync) out.push(rec('sync', JSON.stringify(spec.sync)))
  if (spec.history) out.push(rec('history', JSON.stringify(spec.history)))
  if (spec.failsafe) out.push(rec('failsafe', JSON.stringify(spec.failsafe)))
  if (spec.optime !== undefined) out.push(rec('status', JSON.stringify({ optime: spec.optime })))
  if (spec.legacyOptime !== undefined) out.push(rec('optime/leader', String(spec.legacyOptime)))
  return out
}

export function buildCluster(spec: ClusterSpec): Cluster {
  const scope = spec.scope ?? 'batman'
  return parseCluster(scope, `${spec.namespace ?? '/service/'}${scope}/`, clusterRecords(spec))
}

/** 4.x member data */
export function member4(port: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    conn_url: `postgres://127.0.0.1:${port}/postgres`,
    api_url: `http://127.0.0.1:${port + 3576}/patroni`,
    state: 'running',
    role: 'replica',
    version: '4.1.4',
    ...extra,
  }
}

/** A member key as a Patroni 3.0.2 agent writes it: xlog_location only, role master/replica. */
export function member3(port: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...member4(port, extra), version: '3.0.2', ...extra }
}
