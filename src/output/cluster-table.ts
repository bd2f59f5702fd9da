import type { Cluster } from '../cluster/types.js'
import { buildListTable } from './list-table.js'
import { renderTable } from './render.js'

/** The pretty `list` table that actions print before and after they act (patronictl's "Current cluster topology"). */
export function topologyText(cluster: Cluster): string {
  return renderTable(buildListTable(cluster, { style: 'pretty', extended: false }), 'pretty')
}
