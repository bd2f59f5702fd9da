import { userInfo } from 'node:os'

import type * as PgNamespace from 'pg'

import type { Member } from '../cluster/types.js'

export type PgModule = typeof PgNamespace

/** How ptctl logs in to a member's PostgreSQL (query, list --live): as libpq would, with what the user gave. */
export interface PgLogin {
  readonly username?: string
  readonly password?: string
  readonly dbname?: string
  readonly timeoutMs: number
}

/** `pg`, loaded only by the commands that speak SQL. */
export async function loadPg(): Promise<PgModule> {
  return (await import('pg')).default as unknown as PgModule
}

/** A client for one member (not yet connected); every value arrives as PostgreSQL's text. */
export function memberClient(pg: PgModule, m: Member & { host: string }, login: PgLogin): PgNamespace.Client {
  const client = new pg.Client({
    host: m.host,
    port: m.port ?? 5432,
    // libpq's default user: PGUSER, else the name of the user running the command
    user: login.username ?? defaultUser(),
    ...(login.password !== undefined ? { password: login.password } : {}),
    ...(login.dbname !== undefined ? { database: login.dbname } : {}),
    application_name: 'Patroni ctl',
    connectionTimeoutMillis: login.timeoutMs,
    types: { getTypeParser: () => (v: string) => v },
  })
  // a connection the server drops (a switchover, a restart) fails the call in progress; unheard, it would end ptctl
  client.on('error', () => undefined)
  return client
}

/** libpq's default user name: PGUSER, else the user running the command. */
export function defaultUser(): string {
  const fromEnv = process.env['PGUSER']
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  try {
    return userInfo().username
  } catch {
    return process.env['USER'] ?? 'postgres'
  }
}

/** The reason a connection failed, in a DBA's words (pg's own texts name its internals). */
export function connectFailure(e: Error): string {
  if (/client password must be a string|password authentication failed|no password supplied/i.test(e.message))
    return /failed/i.test(e.message)
      ? e.message
      : 'the server asks for a password: give --password or set PGPASSWORD (or a ~/.pgpass entry)'
  return e.message
}
