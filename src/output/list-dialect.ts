import { atLeast, lagShapeOf, type Generation, type LagShape } from '../cluster/generation.js'
import type { Face } from './face.js'
import { NEWEST_ROLE_RULES, type RoleRules } from '../cluster/roles.js'

/** How the `list`/`topology` table is shaped for a face and a Patroni generation. */
export interface ListDialect {
  /** `Lag in MB` (before Patroni 4.1) or the receive/replay LSN and lag columns */
  readonly lag: LagShape
  /** the title names the system identifier (patronictl 3.1.1 on; ptctl always) */
  readonly systemIdInTitle: boolean
  /** the `Pending restart reason` column exists (patronictl 3.3 on; ptctl always) */
  readonly pendingRestartReason: boolean
  /** json drops empty cells as patronictl does, instead of keeping every key as null */
  readonly dropEmptyJson: boolean
  /** several clusters in tsv/json/yaml: one document per cluster as patronictl prints them, or one merged document */
  readonly documentPerCluster: boolean
  /** how roles and states are named */
  readonly roles: RoleRules
}

export function listDialect(face: Face, generation: Generation): ListDialect {
  const lag = lagShapeOf(generation)
  switch (face) {
    case 'native':
      return {
        lag,
        systemIdInTitle: true,
        pendingRestartReason: true,
        dropEmptyJson: false,
        documentPerCluster: false,
        roles: NEWEST_ROLE_RULES,
      }
    case 'patronictl':
      return {
        lag,
        systemIdInTitle: atLeast(generation.version, [3, 1, 1]),
        pendingRestartReason: atLeast(generation.version, [3, 3, 0]),
        dropEmptyJson: true,
        documentPerCluster: true,
        roles: {
          syncWhenListed: !atLeast(generation.version, [3, 3, 1]),
          quorum: atLeast(generation.version, [4, 0, 0]),
          stateFromReplication: atLeast(generation.version, [3, 0, 4]),
        },
      }
  }
}

/** ptctl's own shape for the newest generation: what every table showed before generations were told apart. */
export const NATIVE_NEWEST: ListDialect = {
  lag: 'lsn',
  systemIdInTitle: true,
  pendingRestartReason: true,
  dropEmptyJson: false,
  documentPerCluster: false,
  roles: NEWEST_ROLE_RULES,
}
