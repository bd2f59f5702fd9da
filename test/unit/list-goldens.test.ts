import { describe, expect, it } from 'vitest'

import { renderClusters } from '../../src/output/cluster-list.js'
import { buildCluster } from '../helpers/records.js'
import { demo302Cluster, golden, pausedCluster, standbyCluster, syncCluster } from '../helpers/fixtures.js'

describe('list renderers match patronictl 4.1.4 byte for byte (goldens.md)', () => {
  it('sync mode, stopped replica, tags: pretty', () => {
    expect(renderClusters([syncCluster()], 'pretty', false)).toBe(golden('f-sync-pretty.txt'))
  })
  it('sync mode: tsv', () => {
    expect(renderClusters([syncCluster()], 'tsv', false)).toBe(golden('f-sync-tsv.txt'))
  })
  it("sync mode: json is patronictl's rows with every key kept (null where patronictl drops it)", () => {
    const ours = JSON.parse(renderClusters([syncCluster()], 'json', false)) as Array<Record<string, unknown>>
    const theirs = JSON.parse(golden('f-sync-json.txt')) as Array<Record<string, unknown>>
    expect(ours.map((row) => Object.keys(row))).toEqual(ours.map(() => Object.keys(ours[0] ?? {})))
    const withoutNulls = ours.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)))
    expect(withoutNulls).toEqual(theirs)
  })
  it('sync mode: extended', () => {
    expect(renderClusters([syncCluster()], 'pretty', true)).toBe(golden('f-sync-extended.txt'))
  })
  it('paused, scheduled switchover, pending restart reason, scheduled restart: pretty with footer', () => {
    expect(renderClusters([pausedCluster()], 'pretty', false)).toBe(golden('f-paused-pretty.txt'))
  })
  it('paused: tsv keeps raw reason lines', () => {
    expect(renderClusters([pausedCluster()], 'tsv', false)).toBe(golden('f-paused-tsv.txt'))
  })
  it('paused: topology', () => {
    expect(renderClusters([pausedCluster()], 'topology', false)).toBe(golden('f-paused-topology.txt'))
  })
  it('standby cluster, cascading, initializing: topology', () => {
    expect(renderClusters([standbyCluster()], 'topology', false)).toBe(golden('f-standby-topology.txt'))
  })
  it('empty / uninitialized cluster', () => {
    const cluster = buildCluster({ config: { ttl: 30 } })
    expect(renderClusters([cluster], 'pretty', false)).toBe(golden('f-empty-pretty.txt'))
  })
})

describe('3.0.2 agents rendered as 4.x does (goldens.md §C)', () => {
  it.each([
    ['pretty', false, 'c-list.txt'],
    ['pretty', true, 'c-list-e.txt'],
    ['tsv', false, 'c-list-tsv.txt'],
    ['yaml', false, 'c-list-yaml.txt'],
    ['topology', false, 'c-topology.txt'],
  ] as const)('%s (extended=%s) = %s', (style, extended, file) => {
    expect(`${renderClusters([demo302Cluster()], style, extended)}\n`).toBe(`${golden(file)}\n`)
  })

  it('json: ptctl keeps every key (null when empty); the values agree with patronictl', () => {
    const ours = JSON.parse(renderClusters([demo302Cluster()], 'json', false)) as Record<string, unknown>[]
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
