import type { ClusterGroups } from '../cluster/citus.js'
import type { Cluster } from '../cluster/types.js'
import type { Generation } from '../cluster/generation.js'
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
  /** progress and warnings, always on stderr: lines patronictl prints too */
  readonly progress: (text: string) => void
  /** a warning patronictl logs (`<time> - WARNING - <text>` as patronictl, the text alone for ptctl), on stderr */
  readonly warn: (text: string) => void
  /** ptctl's own lines on stderr (eligibility, "nothing to do"): silent when answering as patronictl */
  readonly note: (text: string) => void
  /** the Patroni generation answered as for a cluster (its members', or the layout asked for) */
  readonly generation: (subject: Cluster | ClusterGroups) => Generation
  /** where this run goes as ptctl or as patronictl (drop-in mode) */
  readonly conduct: Conduct
  /** the pretty members table patronictl prints around actions, shaped for the face and the cluster's generation */
  readonly topology: (subject: Cluster | ClusterGroups) => string
}
