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
  restAuth?: { username: string; password: string },
): string {
  return stringify({
    scope,
    namespace: '/service/',
    ...dcsSection(dcs, port),
    ...(restAuth ? { ctl: { authentication: restAuth }, restapi: { authentication: restAuth } } : {}),
  })
}
