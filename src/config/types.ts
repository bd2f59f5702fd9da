/** Every DCS kind ptctl knows; one source of truth for flags, URL schemes and config sections. */
export const DCS_KINDS = ['etcd3', 'etcd', 'zookeeper', 'consul', 'exhibitor', 'kubernetes', 'raft'] as const
export type DcsKind = (typeof DCS_KINDS)[number]

/** Client TLS material for the DCS or the REST API. Paths, read when a connection is made. */
export interface TlsOptions {
  readonly caFile?: string
  readonly certFile?: string
  readonly keyFile?: string
  readonly keyPassword?: string
  /** Do not verify the server certificate. */
  readonly insecure: boolean
}

export interface Credentials {
  readonly username: string
  readonly password: string
}

/** Where and how to reach the DCS: the section of the config file that names the backend, normalised. */
export interface DcsSettings {
  readonly kind: DcsKind
  /** host:port pairs, in the order they are tried */
  readonly hosts: readonly string[]
  readonly protocol: 'http' | 'https'
  readonly credentials?: Credentials
  readonly tls: TlsOptions
  /** the section as written, for backend-specific keys (consul token, dc, ...) */
  readonly section: Readonly<Record<string, unknown>>
}

export interface RestApiSettings {
  readonly credentials?: Credentials
  readonly tls: TlsOptions
}

/** Everything a command needs from the configuration, resolved once and frozen. */
export interface CtlConfig {
  readonly scope?: string
  readonly namespace: string
  readonly dcs?: DcsSettings
  readonly restApi: RestApiSettings
  /** per-call deadline for DCS and REST calls, milliseconds */
  readonly timeoutMs: number
  /** the dynamic config loop_wait as given locally (patronictl uses it in messages), seconds */
  readonly loopWait: number
  /** the merged configuration as read (file + env), for anything not normalised above */
  readonly raw: Readonly<Record<string, unknown>>
}

export const DEFAULT_TIMEOUT_SECONDS = 5
