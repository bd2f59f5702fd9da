import { stringify } from 'yaml'

import type { SandboxDcs } from './state.js'

/** The DCS section Patroni and ptctl read for each sandbox store. */
export function dcsSection(dcs: SandboxDcs, port: number): Record<string, unknown> {
  switch (dcs) {
    case 'etcd3':
      return { etcd3: { hosts: `127.0.0.1:${port}` } }
    case 'etcd':
      return { etcd: { host: `127.0.0.1:${port}` } }
    case 'zookeeper':
      return { zookeeper: { hosts: [`127.0.0.1:${port}`] } }
  }
}

export interface NodeConfigInput {
  readonly dcs: SandboxDcs
  readonly scope: string
  readonly name: string
  readonly dir: string
  readonly dataDir: string
  readonly pgPort: number
  readonly restPort: number
  readonly dcsPort: number
  readonly pgBinDir: string
  readonly restAuth?: { readonly username: string; readonly password: string }
  /** the REST API over TLS, a client certificate required */
  readonly restTls?: RestTlsFiles
}

/** The sandbox CA's files the nodes and ptctl use for the REST API over TLS. */
export interface RestTlsFiles {
  readonly ca: string
  readonly serverCert: string
  readonly serverKey: string
  readonly clientCert: string
  readonly clientKey: string
}

/**
 * Timings chosen so that failovers take seconds (loop_wait 2) while staying within Patroni's rule
 * loop_wait + 2 * retry_timeout <= ttl.
 */
export const SANDBOX_DCS_SETTINGS = { ttl: 20, loop_wait: 2, retry_timeout: 5, maximum_lag_on_failover: 1048576 }

export function patroniConfig(n: NodeConfigInput): string {
  const config = {
    scope: n.scope,
    namespace: '/service/',
    name: n.name,
    restapi: {
      listen: `127.0.0.1:${n.restPort}`,
      connect_address: `127.0.0.1:${n.restPort}`,
      ...(n.restAuth ? { authentication: n.restAuth } : {}),
      // the nodes call each other with this certificate too (Patroni's own requests fall back to restapi's files)
      ...(n.restTls
        ? {
            certfile: n.restTls.serverCert,
            keyfile: n.restTls.serverKey,
            cafile: n.restTls.ca,
            verify_client: 'required',
          }
        : {}),
    },
    ...dcsSection(n.dcs, n.dcsPort),
    bootstrap: {
      dcs: {
        ...SANDBOX_DCS_SETTINGS,
        postgresql: {
          use_pg_rewind: true,
          use_slots: true,
          parameters: {
            wal_level: 'replica',
            hot_standby: 'on',
            max_connections: 100,
            max_wal_senders: 10,
            max_replication_slots: 10,
            wal_log_hints: 'on',
            wal_keep_size: '64MB',
          },
        },
      },
      initdb: [{ encoding: 'UTF8' }, 'data-checksums'],
    },
    postgresql: {
      listen: `127.0.0.1:${n.pgPort}`,
      connect_address: `127.0.0.1:${n.pgPort}`,
      data_dir: n.dataDir,
      bin_dir: n.pgBinDir,
      pgpass: `${n.dir}/pgpass`,
      authentication: {
        superuser: { username: 'postgres', password: 'sandbox-superuser' },
        replication: { username: 'replicator', password: 'sandbox-replication' },
        rewind: { username: 'rewinder', password: 'sandbox-rewind' },
      },
      parameters: { unix_socket_directories: n.dir },
      pg_hba: ['local all all trust', 'host replication replicator 127.0.0.1/32 md5', 'host all all 127.0.0.1/32 md5'],
    },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  }
  return stringify(config, { version: '1.1' })
}

/** The file to give ptctl or patronictl with -c: the DCS, the scope and the REST credentials. */
export function ctlConfig(
  dcs: SandboxDcs,
  scope: string,
  port: number,
  rest: { auth?: { username: string; password: string } | undefined; tls?: RestTlsFiles | undefined } = {},
): string {
  const { auth, tls } = rest
  const ctl = {
    ...(auth ? { authentication: auth } : {}),
    ...(tls ? { cacert: tls.ca, certfile: tls.clientCert, keyfile: tls.clientKey } : {}),
  }
  return stringify({
    scope,
    namespace: '/service/',
    ...dcsSection(dcs, port),
    ...(Object.keys(ctl).length > 0 ? { ctl } : {}),
    ...(auth ? { restapi: { authentication: auth } } : {}),
  })
}
