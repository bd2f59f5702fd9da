import { formatLsn, lagInMb } from '../cluster/lsn.js'
import { memberViews, type LsnPosition, type MemberView } from '../cluster/member-view.js'
import { isPaused, roleTitle } from '../cluster/roles.js'
import { topologyName, topologyOrder } from '../cluster/topology.js'
import { singleCluster, type ClusterGroups } from '../cluster/citus.js'
import type { Cluster } from '../cluster/types.js'
import type { ListDialect } from './list-dialect.js'
import type { CellValue, Column, OutputFormat, Row, Table } from './table.js'

/** `list` renders as one of the output formats, or as `topology` (pretty, tree order). */
export type ListStyle = OutputFormat | 'topology'

export interface ListOptions {
  readonly style: ListStyle
  readonly extended: boolean
  /** the shape for the face and the cluster's Patroni generation */
  readonly dialect: ListDialect
}

const HIDE_REASON_OVER = 50

/** What one `list` table shows: a cluster, or the groups of a Citus cluster. */
export type ListSubject = ClusterGroups

function systemId(cluster: Cluster | undefined): string {
  const init = cluster?.initialize ?? null
  return init === null ? 'uninitialized' : init === '' ? 'initializing' : init
}

function subjectTitle(s: ListSubject, dialect: ListDialect): string {
  if (!dialect.systemIdInTitle) {
    // patronictl before 3.1.1 names the system identifier only for one chosen group
    const details = s.group !== undefined ? ` (group: ${s.group}, ${systemId(s.groups[0])})` : ''
    return ` ${s.citus ? 'Citus cluster' : 'Cluster'}: ${s.scope}${details} `
  }
  if (!s.citus) return ` Cluster: ${s.scope} (${systemId(s.groups[0])}) `
  return s.group !== undefined
    ? ` Citus cluster: ${s.scope} (group: ${s.group}, ${systemId(s.groups[0])}) `
    : ` Citus cluster: ${s.scope} `
}

/** `host:port` for everyone when any port is not 5432 or two members share a host, else bare hosts. */
function hostFormatter(views: readonly MemberView[]): (v: MemberView) => string | null {
  const hosts = views.filter((v) => v.host !== undefined).map((v) => v.host)
  const showPort =
    views.some((v) => v.host !== undefined && (v.port ?? 5432) !== 5432) || new Set(hosts).size !== hosts.length
  return (v) => (v.host === undefined ? null : showPort ? `${v.host}:${v.port ?? 5432}` : v.host)
}

function lsnCell(p: LsnPosition | undefined): CellValue {
  return p === undefined ? null : p === 'unknown' ? 'unknown' : formatLsn(p.lsn)
}

function lagCell(p: LsnPosition | undefined): CellValue {
  return p === undefined || p === 'unknown' ? null : lagInMb(p.lagBytes)
}

/** patronictl's `Lag in MB` (before 4.1): the text `unknown` where the member published no position. */
function lagInMbCell(p: LsnPosition | undefined): CellValue {
  return p === undefined ? null : p === 'unknown' ? 'unknown' : lagInMb(p.lagBytes)
}

function reasonCell(v: MemberView, hideLong: boolean): CellValue {
  if (!v.pendingRestartReason) return null
  const lines = Object.entries(v.pendingRestartReason).map(([param, c]) => {
    const line = `${param}: ${c.oldValue}->${c.newValue}`
    return hideLong && line.length > HIDE_REASON_OVER ? `${param}: [hidden - too long]` : line
  })
  return lines.length === 0 ? null : lines.join('\n')
}

function scheduledCell(v: MemberView): CellValue {
  if (!v.scheduledRestart) return null
  const { schedule, postgresVersion } = v.scheduledRestart
  return postgresVersion === undefined ? schedule : `${schedule} if version < ${postgresVersion}`
}

function serviceInfo(cluster: Cluster): string[] {
  const lines: string[] = []
  if (isPaused(cluster)) lines.push(' Maintenance mode: on')
  const fo = cluster.failover?.value
  if (fo?.scheduledAt) {
    lines.push(` Switchover scheduled at: ${fo.scheduledAt}`)
    if (fo.leader) lines.push(`${'from'.padStart(24)}: ${fo.leader}`)
    if (fo.member) lines.push(`${'to'.padStart(24)}: ${fo.member}`)
  }
  return lines
}

/** patronictl's notes after the table; each Citus group's under a `Citus group: N` line when all are shown. */
function footer(s: ListSubject): string[] {
  return s.groups.flatMap((g) => {
    const info = serviceInfo(g)
    return info.length > 0 && s.citus && s.group === undefined ? [`Citus group: ${g.group ?? 0}`, ...info] : info
  })
}

const EXTENDED = ['Pending restart', 'Pending restart reason', 'Scheduled restart', 'Tags'] as const

/** The lag columns of the generation, right-aligned; the two lag columns are both `Lag` in pretty tables. */
function lagColumns(lag: ListDialect['lag'], prettyLike: boolean): Column[] {
  switch (lag) {
    case 'mb':
      return [{ key: 'Lag in MB', align: 'right' }]
    case 'lsn':
      return [
        { key: 'Receive LSN', align: 'right' },
        { key: 'Receive Lag', header: prettyLike ? 'Lag' : 'Receive Lag', align: 'right' },
        { key: 'Replay LSN', align: 'right' },
        { key: 'Replay Lag', header: prettyLike ? 'Lag' : 'Replay Lag', align: 'right' },
      ]
  }
}

/**
 * Builds the `list`/`topology` table of one cluster as patronictl 4.x does: column set and visibility,
 * names per format, host:port rule, LSN and MB lag, tree order for topology.
 * JSON keeps every column in every row (null when empty) so scripts see a stable shape.
 */
export function buildListTable(subject: ListSubject | Cluster, options: ListOptions): Table {
  const s = 'groups' in subject ? subject : singleCluster(subject)
  const { style, dialect } = options
  const prettyLike = style === 'pretty' || style === 'topology'
  const perGroup = s.groups.map((cluster) => ({ cluster, views: memberViews(cluster, dialect.roles) }))
  const host = hostFormatter(perGroup.flatMap((g) => g.views))

  const rows: Record<string, CellValue>[] = perGroup.flatMap(({ cluster, views }) => {
    const ordered =
      style === 'topology'
        ? topologyOrder(views).map((e) => ({ view: e.view, name: topologyName(e) }))
        : views.map((v) => ({ view: v, name: v.name }))
    return ordered.map(({ view: v, name }) => {
      const tags = Object.keys(v.tags).length > 0 ? v.tags : null
      return {
        Cluster: s.scope,
        ...(s.citus ? { Group: cluster.group ?? 0 } : {}),
        Member: name,
        Host: host(v),
        Role: roleTitle(v.role),
        State: v.state ?? null,
        TL: v.timeline ?? null,
        'Lag in MB': lagInMbCell(v.xlog),
        'Receive LSN': lsnCell(v.receive),
        'Receive Lag': lagCell(v.receive),
        'Replay LSN': lsnCell(v.replay),
        'Replay Lag': lagCell(v.replay),
        'Pending restart': v.pendingRestart ? '*' : null,
        'Pending restart reason': reasonCell(v, prettyLike),
        'Scheduled restart': scheduledCell(v),
        Tags: tags,
      }
    })
  })

  const withHost = rows.filter((r) => r['Host'] !== null)
  const extended = EXTENDED.filter((c) => c !== 'Pending restart reason' || dialect.pendingRestartReason).filter(
    (c) =>
      options.extended ||
      (style === 'json' && !dialect.dropEmptyJson) ||
      withHost.some((r) => r[c] !== null && r[c] !== ''),
  )
  const showGroup = s.citus && !(prettyLike && s.group !== undefined)
  const columns: Column[] = [
    ...(prettyLike ? [] : [{ key: 'Cluster', align: 'left' as const }]),
    ...(showGroup ? [{ key: 'Group', align: 'right' as const }] : []),
    { key: 'Member', align: 'left' },
    { key: 'Host', align: 'left' },
    { key: 'Role', align: 'left' },
    { key: 'State', align: 'left' },
    { key: 'TL', align: 'right' },
    ...lagColumns(dialect.lag, prettyLike),
    ...extended.map((key) => ({
      key,
      align: 'left' as const,
      ...(key === 'Tags' || key === 'Pending restart reason' ? { multiline: true } : {}),
    })),
  ]
  const keep = new Set(columns.map((c) => c.key))
  const shaped: Row[] = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => keep.has(k))))
  return prettyLike
    ? { title: subjectTitle(s, dialect), columns, rows: shaped, footer: footer(s) }
    : { columns, rows: shaped }
}
