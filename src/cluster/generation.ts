import type { ClusterGroups } from './citus.js'

/**
 * The Patroni generation a cluster runs, which decides the shape of what patronictl prints for it: the patronictl
 * that ships with that Patroni. Read from the `version` each member publishes in the DCS, or overridden.
 */

/** A Patroni version, as three numbers. */
export type PatroniVersion = readonly [number, number, number]

/** `3.0.2` → [3, 0, 2]; a suffix (`4.1.0rc1`) is ignored; anything else is undefined. */
export function parsePatroniVersion(text: unknown): PatroniVersion | undefined {
  if (typeof text !== 'string') return undefined
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim())
  if (!m) return undefined
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)]
}

export function compareVersions(a: PatroniVersion, b: PatroniVersion): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0)
  return 0
}

export const atLeast = (v: PatroniVersion, wanted: PatroniVersion): boolean => compareVersions(v, wanted) >= 0

export const formatVersion = (v: PatroniVersion): string => v.join('.')

/** The list/topology shapes a user can ask for: Patroni 3.x, 4.0 (`Lag in MB`) and 4.1 (LSN columns). */
export const LAYOUTS = ['3', '4.0', '4.1'] as const
export type Layout = (typeof LAYOUTS)[number]

/** The patronictl each layout stands for: the releases whose output ptctl was checked against. */
export const LAYOUT_VERSIONS: Readonly<Record<Layout, PatroniVersion>> = {
  '3': [3, 0, 2],
  '4.0': [4, 0, 10],
  '4.1': [4, 1, 4],
}

/** The newest patronictl ptctl answers as, for a cluster whose members say nothing. */
export const NEWEST_EMULATED: PatroniVersion = LAYOUT_VERSIONS['4.1']

export interface Generation {
  /** the patronictl whose output is given */
  readonly version: PatroniVersion
  /** where it comes from: an override, the members' versions, the Patroni installed here, or none known (the newest) */
  readonly source: 'layout' | 'members' | 'installed' | 'newest'
  /** the distinct Patroni versions of the members, in order, when they differ (a cluster being upgraded) */
  readonly mixed: readonly string[]
}

/** The versions the members publish, parsed, with their text. */
function memberVersions(view: ClusterGroups): Array<{ text: string; version: PatroniVersion }> {
  return view.groups
    .flatMap((c) => c.members)
    .flatMap((m) => {
      const version = parsePatroniVersion(m.patroniVersion)
      return version && m.patroniVersion !== undefined ? [{ text: m.patroniVersion, version }] : []
    })
}

/**
 * The generation to answer as for this cluster: the layout asked for, else the newest Patroni among the members (a
 * cluster shows the 4.1 columns as soon as one member runs 4.1: every member older keeps `Lag in MB`), else the
 * Patroni installed on this machine (`installed`: whose patronictl a caller here would run), else the newest
 * generation ptctl emulates.
 */
export function generationOf(view: ClusterGroups, layout?: Layout, installed?: PatroniVersion): Generation {
  const found = memberVersions(view)
  const distinct = [...new Set(found.map((f) => formatVersion(f.version)))].sort((a, b) =>
    compareVersions(parsePatroniVersion(a) ?? [0, 0, 0], parsePatroniVersion(b) ?? [0, 0, 0]),
  )
  const mixed = distinct.length > 1 ? distinct : []
  if (layout !== undefined) return { version: LAYOUT_VERSIONS[layout], source: 'layout', mixed }
  const newest = found
    .map((f) => f.version)
    .sort(compareVersions)
    .at(-1)
  if (newest) return { version: newest, source: 'members', mixed }
  if (installed) return { version: installed, source: 'installed', mixed }
  return { version: NEWEST_EMULATED, source: 'newest', mixed }
}

/** The lowest Patroni version among the members: what `patronictl version` says for the cluster. */
export function lowestMemberVersion(view: ClusterGroups): PatroniVersion | undefined {
  return memberVersions(view)
    .map((f) => f.version)
    .sort(compareVersions)[0]
}

/** How lag is shown: one `Lag in MB` column before Patroni 4.1, the receive/replay LSN and lag columns from 4.1. */
export type LagShape = 'mb' | 'lsn'

export const lagShapeOf = (g: Generation): LagShape => (atLeast(g.version, [4, 1, 0]) ? 'lsn' : 'mb')
