import type { Etcd3 } from 'etcd3'

import { withDeadline } from './deadline.js'
import type { DcsProbe, EndpointProbe } from './endpoint-probe.js'
import { NoAnswerError } from './etcd3-failure.js'

export interface Etcd3ProbeTargets {
  readonly endpoints: readonly string[]
  /** the client of one endpoint, on its own (no failover to the next) */
  readonly client: (endpoint: string) => Etcd3
  readonly timeoutMs: number
  /** the key read to learn each member's revision */
  readonly key: string
  /** a failure in a DBA's words */
  readonly reason: (e: Error) => string
}

/**
 * Each endpoint asked on its own (doctor): a linearizable read, its status (version, raft leader), then a
 * serializable read. A member that cannot answer through the quorum while its local data is older than what the
 * others committed is stale: cut off from its peers. The member list names the member behind each URL.
 */
export async function probeEtcd3(o: Etcd3ProbeTargets): Promise<DcsProbe> {
  const bounded = <T>(work: Promise<T>) => withDeadline(work, o.timeoutMs, () => new NoAnswerError(o.timeoutMs / 1000))
  const committed = async (endpoint: string) => {
    const started = performance.now()
    const read = await bounded(o.client(endpoint).get(o.key).exec())
    return { revision: BigInt(read.header.revision), ms: Math.round(performance.now() - started) }
  }
  const first = await Promise.all(o.endpoints.map((e) => committed(e).catch((err: unknown) => err as Error)))
  const quorumRevision = first.reduce<bigint>(
    (max, r) => (r instanceof Error || r.revision < max ? max : r.revision),
    0n,
  )
  const memberIds: (string | undefined)[] = []
  const probes = await Promise.all(
    o.endpoints.map(async (endpoint, i): Promise<EndpointProbe> => {
      const linear = first[i]
      const client = o.client(endpoint)
      const status = await bounded(client.maintenance.status()).catch(() => undefined)
      const local = await bounded(client.get(o.key).serializable(true).exec()).catch(() => undefined)
      // AuthStatus came with etcd 3.5; an older server's refusal leaves it unknown
      const auth = await bounded(client.auth.authStatus()).catch(() => undefined)
      const localRevision = local === undefined ? undefined : BigInt(local.header.revision)
      if (status) memberIds[i] = status.header.member_id
      const facts = {
        ...(status ? { version: status.version, isLeader: status.leader === status.header.member_id } : {}),
        ...(localRevision !== undefined ? { localRevision: localRevision.toString() } : {}),
        ...(auth ? { authEnabled: auth.enabled } : {}),
        // a member that answers locally but not through the quorum serves what it cannot confirm (a member that
        // answers both was current when asked: comparing its local read with another member's would race writes)
        ...(localRevision !== undefined && (linear instanceof Error || linear === undefined)
          ? { stale: quorumRevision > 0n && localRevision < quorumRevision }
          : {}),
      }
      if (linear instanceof Error || linear === undefined)
        return { endpoint, ok: false, error: o.reason(linear ?? new Error('not asked')), ...facts }
      return { endpoint, ok: true, ms: linear.ms, revision: linear.revision.toString(), ...facts }
    }),
  )
  const answering = o.endpoints.find((_, i) => !(first[i] instanceof Error))
  const list = answering ? await bounded(o.client(answering).cluster.memberList({})).catch(() => undefined) : undefined
  const members = list?.members.map((m) => ({ name: m.name, clientUrls: m.clientURLs }))
  // an endpoint is a URL; the member behind it is named by the id its status answer carried
  const named = probes.map((probe, i) => {
    const name = list?.members.find((m) => m.ID === memberIds[i])?.name
    return name ? { ...probe, name } : probe
  })
  return { kind: 'etcd3', endpoints: named, ...(members ? { members } : {}) }
}
