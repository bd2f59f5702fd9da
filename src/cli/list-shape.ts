import { singleCluster, type ClusterGroups } from '../cluster/citus.js'
import { generationOf, type Layout, type PatroniVersion } from '../cluster/generation.js'
import type { Cluster } from '../cluster/types.js'
import { listDialect, type ListDialect } from '../output/list-dialect.js'
import type { Face } from '../output/face.js'

export type DialectOf = (subject: Cluster | ClusterGroups) => ListDialect

/**
 * The list/topology shape of each cluster a command shows: its face's, for the generation its members run (or the
 * layout asked for). A cluster whose members run different Patroni versions is said once on stderr (ptctl only:
 * patronictl says nothing of it).
 */
export function dialectChooser(o: {
  face: Face
  layout: Layout | undefined
  /** the Patroni installed here, for a cluster whose members say nothing */
  installed: () => PatroniVersion | undefined
  warn: (line: string) => void
}): DialectOf {
  const warned = new Set<string>()
  return (subject) => {
    const view = 'groups' in subject ? subject : singleCluster(subject)
    const generation = generationOf(
      view,
      o.layout,
      view.groups.some((g) => g.members.length > 0) ? undefined : o.installed(),
    )
    if (o.face === 'native' && generation.mixed.length > 0 && !warned.has(view.scope)) {
      warned.add(view.scope)
      o.warn(
        `Warning: the members of ${view.scope} run different Patroni versions (${generation.mixed.join(', ')}): shown as Patroni ${generation.version.join('.')} shows them`,
      )
    }
    return listDialect(o.face, generation)
  }
}
