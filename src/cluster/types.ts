/** The model of one Patroni cluster as read from the DCS. Pure data, no I/O. */

export interface ScheduledRestart {
  readonly schedule: string
  readonly postgresVersion?: string
}

export interface PendingRestartChange {
  readonly oldValue: string
  readonly newValue: string
}

/** A member key (`members/<name>`), normalised from 3.x or 4.x agent data. */
export interface Member {
  readonly name: string
  /** the member key's version in the DCS (not a software version: see patroniVersion) */
  readonly keyVersion: string
  readonly connUrl?: string
  readonly apiUrl?: string
  /** why the member has no usable apiUrl although its key names one (not an http(s) URL) */
  readonly apiUrlProblem?: string
  readonly host?: string
  readonly port?: number
  readonly state?: string
  /** role as the agent wrote it: master/primary/replica/standby_leader/... */
  readonly role?: string
  readonly patroniVersion?: string
  readonly xlogLocation?: number
  readonly receiveLsn?: number
  readonly replayLsn?: number
  readonly replicationState?: string
  readonly timeline?: number
  readonly tags: Readonly<Record<string, unknown>>
  readonly pendingRestart: boolean
  readonly pendingRestartReason?: Readonly<Record<string, PendingRestartChange>>
  readonly scheduledRestart?: ScheduledRestart
  readonly pause: boolean
  /** the member's JSON as stored, for fields ptctl does not model */
  readonly data: Readonly<Record<string, unknown>>
}

export interface Versioned<T> {
  readonly value: T
  readonly version: string
}

export interface FailoverRequest {
  readonly leader?: string
  readonly member?: string
  readonly scheduledAt?: string
}

export interface SyncState {
  readonly leader?: string
  readonly syncStandbys: readonly string[]
  readonly quorum?: number
}

/** One line of the `history` key: [timeline, lsn, reason, timestamp, new leader] (3 to 5 items). */
export interface HistoryLine {
  readonly timeline: number
  readonly lsn: number
  readonly reason: string
  readonly timestamp?: string
  readonly newLeader?: string
}

export interface Cluster {
  readonly scope: string
  /** the Citus group (0 = coordinator) of a Citus cluster, whose keys live under `<scope>/<group>/` */
  readonly group?: number
  /** system identifier; `null` when the key is absent (uninitialized), `''` while initializing */
  readonly initialize: string | null
  readonly config: Versioned<Readonly<Record<string, unknown>>> | null
  readonly leader: Versioned<string> | null
  /** sorted by name */
  readonly members: readonly Member[]
  readonly failover: Versioned<FailoverRequest> | null
  readonly sync: Versioned<SyncState> | null
  readonly history: Versioned<readonly HistoryLine[]> | null
  /** the members the leader could reach when failsafe mode last had it write them (name → api_url); absent: no key */
  readonly failsafe?: Versioned<Readonly<Record<string, unknown>>>
  /** the leader's last known LSN (`status.optime`, or legacy `optime/leader`); 0 when unknown */
  readonly lastLsn: number
  /** keys whose value Patroni would have written as JSON but that do not parse (read as empty) */
  readonly invalidKeys: readonly string[]
}

/** Where a cluster's keys live: its scope, and its Citus group when it has one. */
export type ClusterAddress = Pick<Cluster, 'scope' | 'group'>
