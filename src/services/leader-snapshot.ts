import type { Archiver, LeaderSnapshot, ReplicationSlot, WalSender } from '../cluster/live-replication.js'
import type { Member } from '../cluster/types.js'
import { ActionError } from '../errors.js'
import { connectFailure, loadPg, memberClient, type PgLogin } from './pg-connection.js'

// PostgreSQL >= 10 names (pg_current_wal_lsn, *_lsn, *_lag); Patroni 3 and 4 need 9.6+ / 12+ respectively
const NOW = `SELECT pg_catalog.pg_current_wal_lsn()::text AS lsn, pg_catalog.now()::text AS at,
  pg_catalog.pg_is_in_recovery()::text AS recovery`
const SENDERS = `SELECT application_name, state, sync_state, sent_lsn::text, write_lsn::text, flush_lsn::text,
  replay_lsn::text, EXTRACT(EPOCH FROM write_lag)::text AS write_lag, EXTRACT(EPOCH FROM flush_lag)::text AS flush_lag,
  EXTRACT(EPOCH FROM replay_lag)::text AS replay_lag
  FROM pg_catalog.pg_stat_replication ORDER BY application_name`
const SLOTS = `SELECT slot_name::text, slot_type, active::text,
  pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), restart_lsn)::bigint::text AS retained
  FROM pg_catalog.pg_replication_slots ORDER BY slot_name`
const ARCHIVER = `SELECT archived_count::text, last_archived_wal, last_archived_time::text, failed_count::text,
  last_failed_wal, last_failed_time::text, stats_reset::text FROM pg_catalog.pg_stat_archiver`

type Text = string | null
const num = (v: Text): number | null => (v === null || v === '' ? null : Number(v))

/** Why the leader's PostgreSQL could not be read over SQL: the caller falls back to the DCS view. */
export class LeaderSqlUnavailable extends ActionError {}

/**
 * The leader's own view of replication, read in one connection: its current LSN, every walsender, every slot and
 * the archiver. A connection that fails, or a leader that turns out to be in recovery, is LeaderSqlUnavailable.
 */
export async function readLeaderSnapshot(leader: Member, login: PgLogin): Promise<LeaderSnapshot> {
  if (leader.host === undefined)
    throw new LeaderSqlUnavailable(`${leader.name} publishes no PostgreSQL address (conn_url)`)
  const pg = await loadPg()
  const client = memberClient(pg, { ...leader, host: leader.host }, login)
  try {
    await client.connect()
  } catch (e) {
    await client.end().catch(() => undefined)
    throw new LeaderSqlUnavailable(`${leader.name}: ${connectFailure(e as Error)}`)
  }
  try {
    // every statement bounded: a leader that accepts the connection but hangs must not hang the listing
    await client.query(`SET statement_timeout = ${Math.max(1, Math.round(login.timeoutMs))}`)
    const now = (await client.query<Record<string, Text>>(NOW)).rows[0]
    if (now?.['recovery'] === 'true')
      throw new LeaderSqlUnavailable(`${leader.name} is in recovery: it is not the leader any more`)
    const senders = (await client.query<Record<string, Text>>(SENDERS)).rows.map(
      (r): WalSender => ({
        applicationName: r['application_name'] ?? '',
        state: r['state'] ?? null,
        syncState: r['sync_state'] ?? null,
        sentLsn: r['sent_lsn'] ?? null,
        writeLsn: r['write_lsn'] ?? null,
        flushLsn: r['flush_lsn'] ?? null,
        replayLsn: r['replay_lsn'] ?? null,
        writeLagSeconds: num(r['write_lag'] ?? null),
        flushLagSeconds: num(r['flush_lag'] ?? null),
        replayLagSeconds: num(r['replay_lag'] ?? null),
      }),
    )
    const slots = (await client.query<Record<string, Text>>(SLOTS)).rows.map(
      (r): ReplicationSlot => ({
        name: r['slot_name'] ?? '',
        type: r['slot_type'] ?? '',
        active: r['active'] === 'true',
        retainedBytes: num(r['retained'] ?? null),
      }),
    )
    const a = (await client.query<Record<string, Text>>(ARCHIVER)).rows[0]
    const archiver: Archiver | null = a
      ? {
          archivedCount: num(a['archived_count'] ?? null) ?? 0,
          lastArchivedWal: a['last_archived_wal'] ?? null,
          lastArchivedTime: a['last_archived_time'] ?? null,
          failedCount: num(a['failed_count'] ?? null) ?? 0,
          lastFailedWal: a['last_failed_wal'] ?? null,
          lastFailedTime: a['last_failed_time'] ?? null,
          statsReset: a['stats_reset'] ?? null,
        }
      : null
    return { member: leader.name, at: now?.['at'] ?? '', currentLsn: now?.['lsn'] ?? '', senders, slots, archiver }
  } catch (e) {
    if (e instanceof LeaderSqlUnavailable) throw e
    throw new LeaderSqlUnavailable(`${leader.name}: ${(e as Error).message.split('\n')[0] ?? ''}`)
  } finally {
    await client.end().catch(() => undefined)
  }
}
