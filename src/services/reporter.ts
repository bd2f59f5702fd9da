import type { ClusterGroups } from '../cluster/citus.js'
import type { Cluster } from '../cluster/types.js'
import type { Clock, Prompter } from './ports.js'
import type { Conduct } from './conduct.js'
import type { Dcs } from '../dcs/dcs.js'
import type { PatroniApi } from '../patroni-api/api.js'

/** What an action service is given: its parts and two sinks it writes lines to (it never prints by itself). */
export interface ActionDeps {
  readonly dcs: Dcs
  api(): Promise<PatroniApi>
  readonly prompt: Prompter
  readonly clock: Clock
  /** patronictl's human output (tables, results); silent in JSON mode */
  readonly report: (text: string) => void
  /** progress and warnings, always on stderr */
  readonly progress: (text: string) => void
  /** where this run goes as ptctl or as patronictl (drop-in mode) */
  readonly conduct: Conduct
  /** the pretty members table patronictl prints around actions, shaped for the face and the cluster's generation */
  readonly topology: (subject: Cluster | ClusterGroups) => string
}
