import type { SwitchoverAnswer } from './answers.js'

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

/** How a read is made when many agents are probed at once (check --all). */
export interface ReadOptions {
  /** ends the request at once (the run's own deadline has come) */
  readonly signal?: AbortSignal
  /** close the connection after the answer: open sockets stay at most the requests in flight */
  readonly closeAfter?: boolean
}

/** The health endpoints load balancers and monitoring probe: only their status code matters. */
export const HEALTH_ENDPOINTS = ['/health', '/primary', '/replica', '/read-only', '/leader'] as const
export type HealthEndpoint = (typeof HEALTH_ENDPOINTS)[number]

/** What a support bundle collects from each agent: everything it says about itself, nothing that acts. */
export const AGENT_READ_PATHS = ['/patroni', '/cluster', '/config', '/history', '/metrics'] as const
export type AgentReadPath = (typeof AGENT_READ_PATHS)[number]

/** A read-only endpoint's answer as it came, with the agent's clock (its `Date` header) and when it arrived here. */
export interface AgentAnswer {
  readonly status: number
  readonly text: string
  /** the HTTP Date header: the agent's clock, to the second */
  readonly date?: string
  /** this machine's clock when the request was sent and when the answer arrived (ms since the epoch) */
  readonly sentAt?: number
  readonly receivedAt?: number
}

/**
 * The agents' REST API, one method per endpoint, each returning what Patroni answered for it (answers.ts). A non-2xx
 * answer throws PatroniApiError {member, status, body}; a 2xx answer that is not Patroni's throws
 * UnrecognizedAnswerError; no answer throws AgentUnreachableError (with `maybeReceived` when it was sent).
 */
export interface PatroniApi {
  status(agent: AgentRef, o?: ReadOptions): Promise<PatroniStatus>
  /** GET on a read-only endpoint, its answer as it came (support bundles: `report`) */
  read(agent: AgentRef, path: AgentReadPath, o?: ReadOptions): Promise<AgentAnswer>
  /** GET on a health endpoint; returns its status code (200 healthy for that role, 503 not) */
  probe(agent: AgentRef, endpoint: HealthEndpoint, o?: ReadOptions): Promise<number>
  /** POST /switchover; Patroni answers when it is over, after up to 2 × max(10, loop_wait) s of polling */
  switchover(agent: AgentRef, body: SwitchoverBody): Promise<SwitchoverAnswer>
  failover(agent: AgentRef, body: SwitchoverBody): Promise<SwitchoverAnswer>
  /** DELETE /switchover: cancels a scheduled switchover */
  cancelSwitchover(agent: AgentRef): Promise<void>
  /** POST /restart: restarted now, or scheduled */
  restart(agent: AgentRef, body: RestartBody): Promise<'restarted' | 'scheduled'>
  /** DELETE /restart: cancels a scheduled restart */
  cancelRestart(agent: AgentRef): Promise<void>
  reload(agent: AgentRef): Promise<'scheduled' | 'nothing-changed'>
  reinitialize(agent: AgentRef, body: { force: boolean; from_leader?: boolean }): Promise<void>
  /** PATCH /config: the agent merges `patch` with its own compare-and-set and answers the new configuration */
  patchConfig(agent: AgentRef, patch: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>>
  close(): Promise<void>
}
