import type { DcsProbe } from '../dcs/endpoint-probe.js'
import { finding, type Finding } from './finding.js'
import type { Cluster } from './types.js'

/** The DCS's endpoints, and whether the cluster's scope is in the namespace. */
export function dcsFindings(dcs: DcsProbe, cluster: Cluster): Finding[] {
  const present = cluster.initialize !== null || cluster.members.length > 0 || cluster.leader !== null
  return [
    ...endpointFindings(dcs),
    finding(
      'dcs',
      'scope',
      present ? 'OK' : 'CRIT',
      present
        ? `${cluster.scope} is in the namespace`
        : `no key of ${cluster.scope} in the namespace: a wrong scope or namespace, or the cluster was removed`,
      'ptctl list --all (every cluster in the namespace); check scope and namespace in the config',
    ),
  ]
}

/** What the DCS's endpoints said of themselves: shown even when the cluster could not be read. */
export function endpointFindings(dcs: DcsProbe): Finding[] {
  const answering = dcs.endpoints.filter((e) => e.ok)
  const describe = (e: DcsProbe['endpoints'][number]) =>
    e.ok
      ? `${e.endpoint}${e.name ? ` (${e.name})` : ''} ${e.ms ?? '?'} ms${e.version ? `, ${dcs.kind} ${e.version}` : ''}${e.isLeader ? ', leader' : ''}${e.authEnabled === undefined ? '' : e.authEnabled ? ', auth on' : ', auth off'}`
      : `${e.endpoint} does not answer (${e.error ?? 'no answer'})`
  const endpoints = finding(
    'dcs',
    'endpoints',
    answering.length === dcs.endpoints.length ? 'OK' : answering.length === 0 ? 'CRIT' : 'WARN',
    `${answering.length} of ${dcs.endpoints.length} endpoints answer: ${dcs.endpoints.map(describe).join('; ')}`,
    'check the endpoints that do not answer (a stopped member, a firewall, a partition): etcdctl endpoint status --cluster',
  )
  const stale = dcs.endpoints.filter((e) => e.stale === true)
  const out = [endpoints]
  if (stale.length > 0)
    out.push(
      finding(
        'dcs',
        'stale-members',
        'WARN',
        `${stale.map((e) => `${e.endpoint} serves revision ${e.localRevision ?? '?'} locally but cannot confirm it through the quorum`).join('; ')}: cut off from its peers, its data is old`,
        'look at that member (etcdctl endpoint status, its log); clients reading serializable from it see old data',
      ),
    )
  const leaders = dcs.endpoints.filter((e) => e.isLeader === true)
  // only where the endpoints said whether they lead (not through a single timed read)
  if (dcs.endpoints.some((e) => e.isLeader !== undefined))
    out.push(
      finding(
        'dcs',
        'quorum',
        // two members each saying it leads: one of them is an old leader cut off from the others
        leaders.length === 1 ? 'OK' : answering.length > 0 ? 'WARN' : 'OK',
        leaders.length === 1
          ? `raft leader: ${leaders[0]?.name ?? leaders[0]?.endpoint ?? '?'}${dcs.members ? `; members: ${dcs.members.map((m) => m.name || '(not started)').join(', ')}` : ''}`
          : leaders.length === 0
            ? 'no configured endpoint says it is the raft leader (the leader may be a member not configured here)'
            : `${leaders.length} endpoints say they lead (${leaders.map((e) => e.name ?? e.endpoint).join(', ')}): all but one are cut off from their peers`,
        'etcdctl endpoint status --cluster -w table',
      ),
    )
  return out
}
