import { describe, expect, it } from 'vitest'

import { singleCluster } from '../../src/cluster/citus.js'
import { generationOf, type Layout } from '../../src/cluster/generation.js'
import type { Cluster } from '../../src/cluster/types.js'
import { renderClusters } from '../../src/output/cluster-list.js'
import type { Face } from '../../src/output/face.js'
import { listDialect } from '../../src/output/list-dialect.js'
import type { ListStyle } from '../../src/output/list-table.js'
import { buildCluster } from '../helpers/records.js'
import {
  demo302Cluster,
  golden,
  pausedCluster,
  pausedCluster302,
  standbyCluster,
  standbyCluster302,
  syncCluster,
  syncCluster302,
} from '../helpers/fixtures.js'

/** What `face` prints for the cluster, shaped for its members' generation (or `layout`). */
function render(cluster: Cluster, style: ListStyle, o: { face?: Face; extended?: boolean; layout?: Layout } = {}) {
  return renderClusters([cluster], style, {
    extended: o.extended ?? false,
    dialectOf: () => listDialect(o.face ?? 'patronictl', generationOf(singleCluster(cluster), o.layout)),
  })
}

describe('4.1 agents: patronictl 4.1.4 byte for byte (goldens.md §F)', () => {
  it('sync mode, stopped replica, tags: pretty', () => {
    expect(render(syncCluster(), 'pretty')).toBe(golden('f-sync-pretty.txt'))
  })
  it('sync mode: tsv', () => {
    expect(render(syncCluster(), 'tsv')).toBe(golden('f-sync-tsv.txt'))
  })
  it('sync mode: json, empty cells dropped as patronictl does', () => {
    expect(render(syncCluster(), 'json')).toBe(golden('f-sync-json.txt'))
  })
  it("sync mode: ptctl's json keeps every key, null where patronictl drops it", () => {
    const ours = JSON.parse(render(syncCluster(), 'json', { face: 'native' })) as Array<Record<string, unknown>>
    const theirs = JSON.parse(golden('f-sync-json.txt')) as Array<Record<string, unknown>>
    expect(ours.map((row) => Object.keys(row))).toEqual(ours.map(() => Object.keys(ours[0] ?? {})))
    const withoutNulls = ours.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)))
    expect(withoutNulls).toEqual(theirs)
  })
  it('sync mode: extended', () => {
    expect(render(syncCluster(), 'pretty', { extended: true })).toBe(golden('f-sync-extended.txt'))
  })
  it('paused, scheduled switchover, pending restart reason, scheduled restart: pretty with footer', () => {
    expect(render(pausedCluster(), 'pretty')).toBe(golden('f-paused-pretty.txt'))
  })
  it('paused: tsv keeps raw reason lines', () => {
    expect(render(pausedCluster(), 'tsv')).toBe(golden('f-paused-tsv.txt'))
  })
  it('paused: topology', () => {
    expect(render(pausedCluster(), 'topology')).toBe(golden('f-paused-topology.txt'))
  })
  it('standby cluster, cascading, initializing: topology', () => {
    expect(render(standbyCluster(), 'topology')).toBe(golden('f-standby-topology.txt'))
  })
  it('empty / uninitialized cluster (no member says its generation: the newest)', () => {
    const cluster = buildCluster({ config: { ttl: 30 } })
    expect(render(cluster, 'pretty')).toBe(golden('f-empty-pretty.txt'))
    expect(render(cluster, 'pretty', { face: 'native' })).toBe(golden('f-empty-pretty.txt'))
  })
})

describe('3.0.2 agents: patronictl 3.0.2 byte for byte (goldens.md §G, §E)', () => {
  it('sync mode, stopped replica, tags: pretty (Lag in MB, no system id, Sync Standby)', () => {
    expect(render(syncCluster302(), 'pretty')).toBe(golden('g-sync-pretty.txt'))
  })
  it('sync mode: tsv (unknown lag as text)', () => {
    expect(render(syncCluster302(), 'tsv')).toBe(golden('g-sync-tsv.txt'))
  })
  it('sync mode: json with the "Lag in MB" key, empty cells dropped', () => {
    expect(render(syncCluster302(), 'json')).toBe(golden('g-sync-json.txt'))
  })
  it('sync mode: extended (no Pending restart reason column before 3.3)', () => {
    expect(render(syncCluster302(), 'pretty', { extended: true })).toBe(golden('g-sync-extended.txt'))
  })
  it('paused, scheduled switchover, pending restart, scheduled restart', () => {
    expect(render(pausedCluster302(), 'pretty')).toBe(golden('g-paused-pretty.txt'))
  })
  it('standby cluster, cascading: topology', () => {
    expect(render(standbyCluster302(), 'topology')).toBe(golden('g-standby-topology.txt'))
  })
  it('the demo cluster, and an empty one when the layout says 3', () => {
    expect(render(demo302Cluster(), 'pretty')).toBe(golden('e-demo-pretty.txt'))
    const empty = buildCluster({ scope: 'nosuch' })
    expect(render(empty, 'topology', { layout: '3' })).toBe(golden('e-empty-pretty.txt'))
  })
  it("ptctl's own face on 3.0.2 agents: the Lag in MB shape, with the system id in the title", () => {
    const ours = render(demo302Cluster(), 'pretty', { face: 'native' })
    expect(ours.split('\n').slice(1)).toEqual(golden('e-demo-pretty.txt').split('\n').slice(1))
    expect(ours.split('\n')[0]).toMatch(/^\+ Cluster: demo \(7712158002539882163\) -+\+/)
  })
})

describe('3.0.2 agents rendered as patronictl 4.1.4 does (goldens.md §C, --layout 4.1)', () => {
  it.each([
    ['pretty', false, 'c-list.txt'],
    ['pretty', true, 'c-list-e.txt'],
    ['tsv', false, 'c-list-tsv.txt'],
    ['json', false, 'c-list-json.txt'],
    ['yaml', false, 'c-list-yaml.txt'],
    ['topology', false, 'c-topology.txt'],
  ] as const)('%s (extended=%s) = %s', (style, extended, file) => {
    expect(`${render(demo302Cluster(), style, { extended, layout: '4.1' })}\n`).toBe(`${golden(file)}\n`)
  })

  it('json in native mode: every key (null when empty), the values agree with patronictl', () => {
    const ours = JSON.parse(render(demo302Cluster(), 'json', { face: 'native', layout: '4.1' })) as Record<
      string,
      unknown
    >[]
    const theirs = JSON.parse(golden('c-list-json.txt')) as Record<string, unknown>[]
    expect(ours).toHaveLength(3)
    ours.forEach((row, i) => {
      for (const [k, v] of Object.entries(theirs[i] ?? {})) expect(row[k]).toEqual(v)
      for (const [k, v] of Object.entries(row)) if (!(k in (theirs[i] ?? {}))) expect(v).toBeNull()
      expect(Object.keys(row)).toEqual([
        'Cluster',
        'Member',
        'Host',
        'Role',
        'State',
        'TL',
        'Receive LSN',
        'Receive Lag',
        'Replay LSN',
        'Replay Lag',
        'Pending restart',
        'Pending restart reason',
        'Scheduled restart',
        'Tags',
      ])
    })
  })
})
