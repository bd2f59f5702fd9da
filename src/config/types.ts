import type { Layout } from '../cluster/generation.js'
import type { Face } from '../output/face.js'

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

/** The `citus:` section: its presence makes every cluster a Citus cluster (keys under `<scope>/<group>/`). */
export interface CitusSettings {
  /** the group this node belongs to; the default `--group` of pause, resume, edit-config, show-config, history */
  readonly group?: number
}

/** Everything a command needs from the configuration, resolved once and frozen. */
export interface CtlConfig {
  /** `ctl.compat: patronictl`: answer as patronictl (drop-in mode) */
  readonly compat?: Face
  /** `ctl.layout`: the list/topology shape of this Patroni generation, whatever the members run */
  readonly layout?: Layout
  /** the REST API of the node whose patroni.yml this is (`restapi.connect_address`), when it is one */
  readonly ownAgentUrl?: string
  readonly scope?: string
  readonly citus?: CitusSettings
  readonly namespace: string
  readonly dcs?: DcsSettings
  readonly restApi: RestApiSettings
  /** per-call deadline for DCS and REST calls, milliseconds */
  readonly timeoutMs: number
  /**
   * deadline of the REST calls Patroni answers only when the action is over (switchover, failover, restart):
   * timeoutMs when the user set a timeout, else SLOW_CALL_DEFAULT_SECONDS
   */
  readonly slowCallMs: number
  /** the dynamic config loop_wait as given locally (patronictl uses it in messages), seconds */
  readonly loopWait: number
  /** the merged configuration as read (file + env), for anything not normalised above */
  readonly raw: Readonly<Record<string, unknown>>
}

export const DEFAULT_TIMEOUT_SECONDS = 5
/** covers Patroni's own wait for a switchover (2 × max(10, loop_wait) s up to loop_wait 25) and a PostgreSQL restart */
export const SLOW_CALL_DEFAULT_SECONDS = 60
/** the longest deadline accepted: beyond it timers overflow, and no call should wait a day */
export const MAX_TIMEOUT_SECONDS = 86_400
