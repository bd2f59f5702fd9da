import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { buildCluster, member3, member4 } from './records.js'

export function golden(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/goldens/${name}`, import.meta.url)), 'utf8').replace(/\n$/, '')
}

/** goldens.md §F: sync mode, one stopped replica, tags (4.x data) */
export const syncCluster = () =>
  buildCluster({
    initialize: '7277694203142172922',
    config: { synchronous_mode: true, ttl: 30 },
    leader: 'postgresql0',
    sync: { leader: 'postgresql0', sync_standby: 'postgresql1' },
    optime: 0x4500060,
    members: {
      postgresql0: member4(5432, { role: 'primary', timeline: 3, xlog_location: 0x4500060 }),
      postgresql1: member4(5433, {
        timeline: 3,
        state: 'running',
        replication_state: 'streaming',
        receive_lsn: 0x4500060,
        replay_lsn: 0x4200060,
        tags: { nofailover: true, clonefrom: true },
      }),
      postgresql2: member4(5434, { state: 'stopped' }),
    },
  })

/** goldens.md §F: paused, scheduled switchover, pending restart reason, scheduled restart */
export const pausedCluster = () =>
  buildCluster({
    initialize: '7277694203142172922',
    config: { pause: true },
    leader: 'postgresql0',
    failover: { leader: 'postgresql0', member: 'postgresql1', scheduled_at: '2025-03-23T18:00:00+00:00' },
    optime: 0x430005f + 2 * 1024 * 1024,
    members: {
      postgresql0: {
        conn_url: 'postgres://10.0.0.1:5432/postgres',
        api_url: 'http://10.0.0.1:8008/patroni',
        state: 'running',
        role: 'primary',
        timeline: 3,
      },
      postgresql1: {
        conn_url: 'postgres://10.0.0.2:5432/postgres',
        api_url: 'http://10.0.0.2:8008/patroni',
        state: 'running',
        role: 'replica',
        timeline: 3,
        replication_state: 'streaming',
        receive_lsn: 0x430005f,
        pending_restart: true,
        pending_restart_reason: {
          max_connections: { old_value: '100', new_value: '200' },
          shared_preload_libraries: {
            old_value: 'pg_stat_statements',
            new_value: 'pg_stat_statements,auto_explain,pg_cron',
          },
        },
        scheduled_restart: { schedule: '2025-03-23T18:00:00-03:00', postgres_version: '15.4' },
      },
    },
  })

/** goldens.md §F: standby cluster, cascading, initializing, no /status key */
export const standbyCluster = () =>
  buildCluster({
    initialize: '',
    config: { standby_cluster: { host: '10.0.0.9', port: 5432 } },
    leader: 'pg-a',
    members: {
      'pg-a': member4(5432, { role: 'standby_leader', timeline: 1, replication_state: 'streaming', state: 'running' }),
      'pg-b': member4(5433, { timeline: 1, replication_state: 'streaming', receive_lsn: 0x4500060 }),
      'pg-c': member4(5434, {
        timeline: 1,
        replication_state: 'streaming',
        receive_lsn: 0x4500060,
        tags: { replicatefrom: 'pg-b' },
      }),
    },
  })

/** goldens.md §C: 3 × Patroni 3.0.2 (xlog_location only, role master), ports 5501-5503 */
export const demo302Cluster = () =>
  buildCluster({
    scope: 'demo',
    initialize: '7712158002539882163',
    config: {
      ttl: 20,
      loop_wait: 5,
      retry_timeout: 5,
      maximum_lag_on_failover: 1048576,
      postgresql: {
        use_pg_rewind: true,
        use_slots: true,
        parameters: {
          hot_standby: 'on',
          max_connections: 100,
          max_replication_slots: 10,
          max_wal_senders: 10,
          wal_keep_size: '64MB',
          wal_level: 'replica',
          wal_log_hints: 'on',
        },
      },
    },
    leader: 'pg1',
    optime: 0x4000060,
    members: Object.fromEntries(
      [1, 2, 3].map((i) => [
        `pg${i}`,
        {
          conn_url: `postgres://127.0.0.1:550${i}/postgres`,
          api_url: `http://127.0.0.1:810${i}/patroni`,
          state: 'running',
          role: i === 1 ? 'master' : 'replica',
          version: '3.0.2',
          xlog_location: 0x4000060,
          timeline: 1,
        },
      ]),
    ),
  })

/** goldens.md §G: the sync scenario as Patroni 3.0.2 agents publish it (xlog_location only, no replication_state) */
export const syncCluster302 = () =>
  buildCluster({
    initialize: '7277694203142172922',
    config: { synchronous_mode: true, ttl: 30 },
    leader: 'postgresql0',
    sync: { leader: 'postgresql0', sync_standby: 'postgresql1' },
    optime: 0x4500060,
    members: {
      postgresql0: member3(5432, { role: 'master', timeline: 3, xlog_location: 0x4500060 }),
      postgresql1: member3(5433, {
        timeline: 3,
        xlog_location: 0x4200060,
        tags: { nofailover: true, clonefrom: true },
      }),
      postgresql2: member3(5434, { state: 'stopped' }),
    },
  })

/** goldens.md §G: paused, scheduled switchover, pending restart, scheduled restart (3.0.2 agents) */
export const pausedCluster302 = () =>
  buildCluster({
    initialize: '7277694203142172922',
    config: { pause: true },
    leader: 'postgresql0',
    failover: { leader: 'postgresql0', member: 'postgresql1', scheduled_at: '2025-03-23T18:00:00+00:00' },
    optime: 0x430005f + 2 * 1024 * 1024,
    members: {
      postgresql0: {
        conn_url: 'postgres://10.0.0.1:5432/postgres',
        api_url: 'http://10.0.0.1:8008/patroni',
        state: 'running',
        role: 'master',
        version: '3.0.2',
        timeline: 3,
      },
      postgresql1: {
        conn_url: 'postgres://10.0.0.2:5432/postgres',
        api_url: 'http://10.0.0.2:8008/patroni',
        state: 'running',
        role: 'replica',
        version: '3.0.2',
        timeline: 3,
        xlog_location: 0x430005f,
        pending_restart: true,
        scheduled_restart: { schedule: '2025-03-23T18:00:00-03:00', postgres_version: '15.4' },
      },
    },
  })

/** goldens.md §G: standby cluster, cascading (3.0.2 agents, no /status key) */
export const standbyCluster302 = () =>
  buildCluster({
    initialize: '',
    config: { standby_cluster: { host: '10.0.0.9', port: 5432 } },
    leader: 'pg-a',
    members: {
      'pg-a': member3(5432, { role: 'standby_leader', timeline: 1 }),
      'pg-b': member3(5433, { timeline: 1, xlog_location: 0x4500060 }),
      'pg-c': member3(5434, { timeline: 1, xlog_location: 0x4500060, tags: { replicatefrom: 'pg-b' } }),
    },
  })
