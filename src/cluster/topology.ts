import type { MemberView } from './member-view.js'

export interface TopologyEntry {
  readonly view: MemberView
  /** 0 for the leader, 1 for members replicating from it, 2 for their cascaded replicas, ... */
  readonly level: number
}

/**
 * Orders members as a replication tree: leader first, then each replica under the member named by its
 * `replicatefrom` tag when that member exists, else under the leader. Cycles fall back to the leader.
 */
export function topologyOrder(views: readonly MemberView[]): TopologyEntry[] {
  const leader = views.find((v) => v.role === 'leader' || v.role === 'standby_leader')
  const names = new Set(views.map((v) => v.name))
  const parentOf = new Map<string, string | undefined>()
  for (const v of views) {
    if (v === leader) continue
    const from = v.tags['replicatefrom']
    const parent = typeof from === 'string' && names.has(from) && from !== v.name ? from : leader?.name
    parentOf.set(v.name, parent)
  }
  // break cycles: a member whose ancestry loops back to itself hangs under the leader
  for (const v of views) {
    const seen = new Set<string>([v.name])
    let p = parentOf.get(v.name)
    while (p !== undefined && p !== leader?.name) {
      if (seen.has(p)) {
        parentOf.set(v.name, leader?.name)
        break
      }
      seen.add(p)
      p = parentOf.get(p)
    }
  }
  const children = new Map<string | undefined, MemberView[]>()
  for (const v of views) {
    if (v === leader) continue
    const p = parentOf.get(v.name)
    const list = children.get(p) ?? []
    list.push(v)
    children.set(p, list)
  }
  const out: TopologyEntry[] = []
  const walk = (parent: string | undefined, level: number): void => {
    for (const child of children.get(parent) ?? []) {
      out.push({ view: child, level })
      walk(child.name, level + 1)
    }
  }
  if (leader) out.push({ view: leader, level: 0 })
  walk(leader?.name, 1)
  return out
}

export function topologyName(entry: TopologyEntry): string {
  return entry.level === 0 ? entry.view.name : `${'  '.repeat(entry.level - 1)}+ ${entry.view.name}`
}
