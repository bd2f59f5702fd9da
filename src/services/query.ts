import { hasRole, type CtlRole } from '../cluster/select.js'
import { membersOf, type ClusterGroups } from '../cluster/citus.js'
import type { Member } from '../cluster/types.js'
import { ActionError, UsageError } from '../errors.js'
import { sqlValue, type SqlValue } from './sql-values.js'
import { connectFailure, loadPg, memberClient } from './pg-connection.js'

export interface QueryOptions {
  readonly role?: CtlRole
  readonly member?: string
  readonly sql: string
  readonly username?: string
  readonly password?: string
  readonly dbname?: string
  readonly timeoutMs: number
}

export interface QueryResult {
  readonly member: string
  /** the statement's columns; none for a statement that returns no rows (DDL, INSERT without RETURNING, ...) */
  readonly columns: readonly string[]
  readonly rows: readonly (readonly SqlValue[])[]
  /** false when the statement returned no result set at all (patronictl: "no results to fetch") */
  readonly hasResultSet: boolean
}

/** patronictl's choice of member: the named one, or each member with the role until one connects. */
export function queryCandidates(view: ClusterGroups, o: { role?: CtlRole; member?: string }): Member[] {
  if (o.member !== undefined && o.role !== undefined)
    throw new UsageError('--role and --member are mutually exclusive options')
  const all = membersOf(view)
  if (o.member !== undefined) {
    const m = all.find((x) => x.member.name === o.member)
    if (!m)
      throw new ActionError(`Member ${o.member} does not exist in cluster ${view.scope}`).saying({
        message: `No connection to member ${o.member} is available`,
      })
    return [m.member]
  }
  return all.filter((x) => hasRole(x.cluster, x.member, o.role ?? 'leader')).map((x) => x.member)
}

/** Connects with `pg` (loaded only here) to the chosen member and runs the SQL; SQL errors are ActionErrors. */
export async function runQuery(view: ClusterGroups, o: QueryOptions): Promise<QueryResult> {
  const pg = await loadPg()
  const candidates = queryCandidates(view, o)
  const role = o.member !== undefined ? 'any' : (o.role ?? 'leader')
  const failures: string[] = []
  let firstFailure: string | undefined
  for (const m of candidates) {
    if (m.host === undefined) continue
    const client = memberClient(pg, { ...m, host: m.host }, o)
    try {
      await client.connect()
    } catch (e) {
      failures.push(`${m.name}: ${connectFailure(e as Error)}`)
      firstFailure ??= libpqConnectFailure(e as Error & { code?: string; severity?: string }, m.host, m.port ?? 5432)
      await client.end().catch(() => undefined)
      continue
    }
    try {
      if (role !== 'any' && role !== 'leader') {
        const r = await client.query<{ r: string }>('SELECT pg_catalog.pg_is_in_recovery()::text AS r')
        const inRecovery = r.rows[0]?.r === 'true'
        const wanted = role === 'primary' || role === 'master' ? false : true
        if (inRecovery !== wanted) {
          failures.push(`${m.name}: is ${inRecovery ? 'in recovery' : 'not in recovery'}`)
          continue
        }
      }
      // a multi-statement text answers with one result per statement; patronictl shows the last
      const results: unknown = await client.query({ text: o.sql, rowMode: 'array' })
      const list = (Array.isArray(results) ? results : [results]) as {
        fields?: { name: string; dataTypeID: number }[]
        rows?: (string | null)[][]
      }[]
      const last = list[list.length - 1]
      const fields = last?.fields ?? []
      const rows = (last?.rows ?? []).map((row) => fields.map((f, i) => sqlValue(f.dataTypeID, row[i] ?? null)))
      return { member: m.name, columns: fields.map((f) => f.name), rows, hasResultSet: fields.length > 0 }
    } catch (e) {
      const err = e as Error & { code?: string }
      const sqlstate = `ERROR, SQLSTATE: ${err.code ?? err.message.replace(/\n/g, ' ')}`
      throw new ActionError(`${sqlstate} (${err.message.split('\n')[0] ?? ''})`).saying({ message: sqlstate })
    } finally {
      await client.end().catch(() => undefined)
    }
  }
  const which = o.member !== undefined ? `member ${o.member}` : `role=${role}`
  const error = new ActionError(
    `No connection to ${which} is available${failures.length > 0 ? ` (${failures.join('; ')})` : ''}`,
  )
  // patronictl connects to the first member only, and prints libpq's words when that fails
  throw error.saying({
    message: firstFailure !== undefined ? `ERROR, SQLSTATE: ${firstFailure}` : `No connection to ${which} is available`,
  })
}

/**
 * A failed connection in libpq's words, as psycopg gives them to patronictl (its line breaks become spaces):
 * `connection to server at "h", port p failed: FATAL:  <message> `.
 */
function libpqConnectFailure(e: Error & { code?: string; severity?: string }, host: string, port: number): string {
  const at = `connection to server at "${host}", port ${port} failed: `
  if (e.code === 'ECONNREFUSED')
    return `${at}Connection refused \tIs the server running on that host and accepting TCP/IP connections? `
  if (e.severity !== undefined) return `${at}${e.severity}:  ${e.message} `
  if (/timeout/i.test(e.message)) return `${at}timeout expired `
  return `${at}${e.message} `
}
