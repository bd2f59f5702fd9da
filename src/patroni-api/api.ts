/** A member as the REST client needs it: its name (for messages) and its `api_url` from the DCS. */
export interface AgentRef {
  readonly name: string
  readonly apiUrl: string
}

/** `GET /patroni` as Patroni 3.x and 4.x answer it (fields ptctl reads). */
export interface PatroniStatus {
  readonly state?: string
  /** PostgreSQL's start time; a new value means the server was started again (restart, reinitialize) */
  readonly postmaster_start_time?: string
  /** the primary's walsenders */
  readonly replication?: readonly { readonly application_name?: string; readonly state?: string }[]
  readonly role?: string
  readonly server_version?: number
  readonly timeline?: number
  readonly pending_restart?: boolean
  readonly patroni?: { readonly version?: string; readonly scope?: string; readonly name?: string }
  readonly [key: string]: unknown
}

/** A 2xx answer of an action endpoint: the status (200 done, 202 accepted/scheduled) and Patroni's text. */
export interface AgentAnswer {
  readonly status: number
  readonly text: string
}

export interface SwitchoverBody {
  readonly leader?: string
  readonly candidate?: string | null
  readonly scheduled_at?: string
}

export interface RestartBody {
  readonly schedule?: string
  readonly postgres_version?: string
  readonly restart_pending?: boolean
  readonly role?: string
  readonly timeout?: string | number
}

/**
 * The agents' REST API, one method per endpoint. A non-2xx answer throws PatroniApiError {member, status, body};
 * a refused, reset or timed-out connection throws AgentUnreachableError.
 */
/** The health endpoints load balancers and monitoring probe: only their status code matters. */
export const HEALTH_ENDPOINTS = ['/health', '/primary', '/replica', '/read-only', '/leader'] as const
export type HealthEndpoint = (typeof HEALTH_ENDPOINTS)[number]

export interface PatroniApi {
  status(agent: AgentRef): Promise<PatroniStatus>
  /** GET on a health endpoint; returns its status code (200 healthy for that role, 503 not) */
  probe(agent: AgentRef, endpoint: HealthEndpoint): Promise<number>
  /** GET /cluster: the same data as `list`, from the agent's point of view */
  cluster(agent: AgentRef): Promise<Readonly<Record<string, unknown>>>
  /** POST /switchover; the server blocks up to ~2 × max(10, loop_wait) s polling for the result */
  switchover(agent: AgentRef, body: SwitchoverBody): Promise<AgentAnswer>
  failover(agent: AgentRef, body: SwitchoverBody): Promise<AgentAnswer>
  /** DELETE /switchover: cancels a scheduled switchover */
  cancelSwitchover(agent: AgentRef): Promise<AgentAnswer>
  restart(agent: AgentRef, body: RestartBody): Promise<AgentAnswer>
  /** DELETE /restart: cancels a scheduled restart */
  cancelRestart(agent: AgentRef): Promise<AgentAnswer>
  reload(agent: AgentRef): Promise<AgentAnswer>
  reinitialize(agent: AgentRef, body: { force: boolean; from_leader?: boolean }): Promise<AgentAnswer>
  /** PATCH /config: the agent merges `patch` into the dynamic config with its own compare-and-set */
  patchConfig(agent: AgentRef, patch: Readonly<Record<string, unknown>>): Promise<AgentAnswer>
  close(): Promise<void>
}
