import type { CitusChoice, ClusterGroups } from '../cluster/citus.js'
import { joinLive, type LiveView } from '../cluster/live-replication.js'
import type { Cluster } from '../cluster/types.js'
import { ExitCode } from '../exit-codes.js'
import { escapeControls } from '../output/escape.js'
import { buildLiveTable } from '../output/live-table.js'
import { pythonYamlDump } from '../output/python-yaml.js'
import { renderTable } from '../output/render.js'
import type { PgLogin } from '../services/pg-connection.js'
import { LeaderSqlUnavailable, readLeaderSnapshot } from '../services/leader-snapshot.js'
import { readClusters } from '../services/read-clusters.js'
import type { Context } from './context.js'
import { runWatched } from './watch.js'

export type LiveFormat = 'pretty' | 'tsv' | 'json' | 'yaml'

export interface LiveRequest {
  readonly scopes: readonly string[]
  readonly all: boolean
  readonly citus: CitusChoice
  readonly interval: number | undefined
  readonly missing?: 'error' | 'empty'
  readonly login: PgLogin
  readonly format: LiveFormat
  /** the plain listing of one cluster (its generation's shape), shown when its leader cannot be read over SQL */
  readonly dcsView: (cluster: Cluster, format: LiveFormat) => string
}

/** What `--live` shows for one cluster (one Citus group): the leader's view, or the DCS's with the reason. */
type LiveEntry =
  | LiveView
  | { readonly cluster: string; readonly source: 'dcs'; readonly reason: string; members: unknown }

/**
 * `list --live` / `topology --live`: each cluster's members joined with what its leader's PostgreSQL says now. A
 * leader that cannot be reached over SQL (or no leader) is said on stderr, and that cluster is shown as the DCS has
 * it, marked so (in JSON: `"source": "dcs"` and the reason); the exit code is then 1. -W/-w asks again every interval.
 */
export async function showLiveListing(ctx: Context, request: LiveRequest): Promise<void> {
  const dcs = await ctx.dcs()
  await runWatched(ctx, request.interval, async () => {
    const { clusters, skipped } = await readClusters(dcs, request.scopes, request.all, request.citus, request.missing)
    for (const message of skipped) ctx.streams.err(`Warning: left out: ${message}`)
    const entries = await Promise.all(clusters.flatMap((view) => view.groups.map((c) => liveEntry(c, view, request))))
    const fallbacks = entries.filter((e) => e.source === 'dcs')
    for (const e of fallbacks)
      ctx.streams.err(escapeControls(`Warning: ${e.cluster}: ${e.reason}: showing the DCS view, not live`))
    if (skipped.length > 0 || fallbacks.length > 0) process.exitCode = ExitCode.actionFailed
    ctx.streams.out(render(entries, clusters, request))
  })
}

async function liveEntry(cluster: Cluster, view: ClusterGroups, request: LiveRequest): Promise<LiveEntry> {
  const name = view.citus ? `${cluster.scope} (group ${cluster.group ?? 0})` : cluster.scope
  const dcsEntry = (reason: string): LiveEntry => ({
    cluster: name,
    source: 'dcs',
    reason,
    members: request.format === 'json' ? (JSON.parse(request.dcsView(cluster, 'json')) as unknown) : null,
  })
  const leaderName = cluster.leader?.value
  const leader = cluster.members.find((m) => m.name === leaderName)
  if (leaderName === undefined || leader === undefined) return dcsEntry('no leader in the DCS')
  try {
    return joinLive(cluster, await readLeaderSnapshot(leader, request.login))
  } catch (e) {
    if (!(e instanceof LeaderSqlUnavailable)) throw e
    return dcsEntry(`the leader's PostgreSQL cannot be read over SQL (${e.message})`)
  }
}

function render(entries: readonly LiveEntry[], clusters: readonly ClusterGroups[], request: LiveRequest): string {
  if (request.format === 'json') return JSON.stringify({ clusters: entries }, null, 2)
  if (request.format === 'yaml') return pythonYamlDump({ clusters: entries }).trimEnd()
  const groups = clusters.flatMap((v) => v.groups)
  return entries
    .map((e, i) => {
      if (e.source === 'postgresql') return renderTable(buildLiveTable(e), request.format)
      const cluster = groups[i]
      const shown = cluster ? request.dcsView(cluster, request.format) : ''
      // tsv stays tsv: the reason went to stderr
      if (request.format === 'tsv') return shown
      const marker = `DCS view of ${e.cluster} (not live: ${e.reason})`
      return `${escapeControls(marker)}\n${shown}`
    })
    .join('\n')
}

/**
 * How `--live` logs in: -U/-d/--password as given; else, with a Patroni node's own patroni.yml as the config, its
 * `postgresql.authentication.superuser`; else libpq's defaults (PGUSER, PGPASSWORD, the current user).
 */
export async function liveLogin(
  ctx: Context,
  flags: { username?: string | undefined; password?: boolean; dbname?: string | undefined },
): Promise<PgLogin> {
  const superuser = nodeSuperuser(ctx.config.raw)
  const username = flags.username ?? superuser?.username
  const password =
    flags.password === true
      ? await ctx.prompt.input({ message: 'Password', hidden: true, flag: 'PGPASSWORD in the environment' })
      : flags.username === undefined
        ? superuser?.password
        : undefined
  return {
    timeoutMs: ctx.config.timeoutMs,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(flags.dbname !== undefined ? { dbname: flags.dbname } : {}),
  }
}

function nodeSuperuser(raw: Readonly<Record<string, unknown>>): { username?: string; password?: string } | undefined {
  const pick = (v: unknown, key: string): unknown =>
    v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined
  const su = pick(pick(raw['postgresql'], 'authentication'), 'superuser')
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined)
  const username = text(pick(su, 'username'))
  const password = text(pick(su, 'password'))
  if (username === undefined && password === undefined) return undefined
  return { ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) }
}
