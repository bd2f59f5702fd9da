/** A member as the REST client needs it: its name (for messages) and its `api_url` from the DCS. */
export interface AgentRef {
  readonly name: string
  readonly apiUrl: string
}

/** `GET /patroni` as Patroni 3.x and 4.x answer it (fields ptctl reads). */
export interface PatroniStatus {
  readonly state?: string
  readonly role?: string
  readonly server_version?: number
  readonly timeline?: number
  readonly pending_restart?: boolean
  readonly patroni?: { readonly version?: string; readonly scope?: string; readonly name?: string }
  readonly [key: string]: unknown
}

/**
 * The agents' REST API. A non-2xx answer throws PatroniApiError {member, status, body};
 * a refused, reset or timed-out connection throws AgentUnreachableError.
 */
export interface PatroniApi {
  status(agent: AgentRef): Promise<PatroniStatus>
  close(): Promise<void>
}
