import {
  formatVersion,
  lowestMemberVersion,
  NEWEST_EMULATED,
  parsePatroniVersion,
  type PatroniVersion,
} from '../cluster/generation.js'
import type { ClusterGroups } from '../cluster/citus.js'

/** Which patronictl ptctl answers as for `version`, and how that was found. */
export interface AnsweredVersion {
  readonly version: PatroniVersion
  /** `agent` (the node whose patroni.yml this is), `members` (the lowest of the cluster's), `installed`, `newest` */
  readonly source: 'agent' | 'members' | 'installed' | 'newest'
  /** in words, for ptctl's own line: where V comes from */
  readonly from: string
}

export interface VersionSources {
  /** the node's own agent (`restapi` of a patroni.yml): its Patroni version, or undefined (none, or no answer) */
  readonly ownAgent?: () => Promise<{ url: string; version: string | undefined } | undefined>
  /** the cluster the configuration names, read from the DCS (undefined when there is none, or it cannot be read) */
  readonly cluster?: () => Promise<ClusterGroups | undefined>
  /** the Patroni installed on this machine */
  readonly installed: () => PatroniVersion | undefined
}

/**
 * The V of `patronictl version V`: the Patroni of the agent the configuration points to (a node's patroni.yml names
 * its REST API), else the lowest version among the cluster's members, else the Patroni installed here, else the
 * newest generation ptctl answers as. Each source is asked only when the ones before say nothing.
 */
export async function answeredVersion(sources: VersionSources): Promise<AnsweredVersion> {
  const agent = await sources.ownAgent?.().catch(() => undefined)
  const fromAgent = parsePatroniVersion(agent?.version)
  if (agent && fromAgent)
    return { version: fromAgent, source: 'agent', from: `the Patroni of the agent at ${agent.url}` }
  const cluster = await sources.cluster?.().catch(() => undefined)
  const lowest = cluster ? lowestMemberVersion(cluster) : undefined
  if (cluster && lowest)
    return { version: lowest, source: 'members', from: `the lowest Patroni among the members of ${cluster.scope}` }
  const installed = sources.installed()
  if (installed) return { version: installed, source: 'installed', from: 'the Patroni installed here' }
  return { version: NEWEST_EMULATED, source: 'newest', from: `the newest generation ptctl answers as` }
}

/** The line patronictl prints first: `patronictl version 3.0.2`. */
export const patronictlVersionLine = (v: AnsweredVersion): string => `patronictl version ${formatVersion(v.version)}`
