/** What one DCS endpoint said when `doctor` asked it directly (not through the failover between endpoints). */
export interface EndpointProbe {
  readonly endpoint: string
  /** it answered a read in time */
  readonly ok: boolean
  /** milliseconds for that read */
  readonly ms?: number
  readonly error?: string
  /** the server's version, where the DCS says it */
  readonly version?: string
  /** authentication is enabled on the server (etcd >= 3.5 says it; undefined where it cannot be asked) */
  readonly authEnabled?: boolean
  /** it is the DCS's own leader (raft leader, Consul leader) */
  readonly isLeader?: boolean
  /** etcd v3: its member name, the revision a linearizable read saw and the revision it serves locally */
  readonly name?: string
  readonly revision?: string
  readonly localRevision?: string
  /** etcd v3: its local data lags what the quorum had committed before it was asked (cut off, or catching up) */
  readonly stale?: boolean
}

/** Every configured endpoint of the DCS, asked one by one, and the DCS's own member list where it has one. */
export interface DcsProbe {
  readonly kind: string
  readonly endpoints: readonly EndpointProbe[]
  readonly members?: readonly { readonly name: string; readonly clientUrls: readonly string[] }[]
}
