import { spawn } from 'node:child_process'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { Etcd3Store } from '../../src/dcs/etcd3-store.js'
import { BIN } from '../helpers/cli.js'
import { eventually } from '../helpers/dcs-dump.js'
import { startEtcdCluster, type EtcdServer } from '../helpers/etcd-server.js'
import { trackProcess } from '../helpers/leftovers.js'
import { clusterRecords, member4 } from '../helpers/records.js'

/**
 * `events` against a real three-member etcd cluster: the member it watches through is killed while changes go on
 * through the others. The watch must say it lost the endpoint, resume on another from the revision after the last
 * change it saw, and tell every change, in order, none missed.
 */

let members: EtcdServer[] = []
let store: Etcd3Store
const settings = (hosts: string[]) => ({
  kind: 'etcd3' as const,
  hosts,
  protocol: 'http' as const,
  tls: { insecure: false },
  section: {},
})

beforeAll(async () => {
  members = await startEtcdCluster(3)
  // writes go through the members that stay up
  store = new Etcd3Store(settings([members[1]?.endpoint ?? '', members[2]?.endpoint ?? '']), 5000)
  await eventually(
    () =>
      store.list('/').then(
        () => true,
        () => false,
      ),
    (ok) => ok,
    30_000,
    'the etcd cluster to elect a leader',
  )
  const records = clusterRecords({
    scope: 'demo',
    initialize: '7000',
    config: { ttl: 20, loop_wait: 2 },
    leader: 'pg1',
    members: { pg1: member4(5501, { role: 'master', timeline: 1 }), pg2: member4(5502, { timeline: 1 }) },
  })
  for (const r of records) await store.put(r.key.replace('/batman/', '/demo/'), r.value)
})
afterAll(async () => {
  await store?.close()
  await Promise.all(members.map((m) => m.stop()))
})

interface Line {
  readonly type: string
  readonly member?: string
  readonly to?: unknown
  readonly message?: string
  readonly detail?: Record<string, unknown>
}

describe('events when its etcd endpoint dies', () => {
  it('reconnects to another endpoint and misses no change (compared with a full read after)', async () => {
    const endpoints = members.map((m) => m.endpoint).join(',')
    const child = spawn(
      process.execPath,
      [BIN, '-d', `etcd3://${endpoints}`, 'events', 'demo', '--json', '--since-start'],
      {
        env: { ...process.env, NO_COLOR: '1' },
      },
    )
    const forget = trackProcess(child.pid)
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const lines = () =>
      out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Line)
    try {
      await eventually(
        async () => lines(),
        (l) => l.some((e) => e.type === 'member-joined'),
        30_000,
        'the current state',
      )
      const put = (name: string, data: Record<string, unknown>) =>
        store.put(`/service/demo/members/${name}`, JSON.stringify(data))
      await put('pg2', member4(5502, { timeline: 1, state: 'stopping' }))
      await eventually(
        async () => lines(),
        (l) => l.some((e) => e.type === 'state-changed'),
        30_000,
        'a first change',
      )
      // the first endpoint is the one the watch uses: kill it, and go on changing things through the others
      await members[0]?.stop()
      await put('pg2', member4(5502, { timeline: 1, state: 'stopped' }))
      await store.put('/service/demo/leader', 'pg2')
      await put('pg2', member4(5502, { timeline: 2, state: 'running', role: 'master' }))
      await put('pg1', member4(5501, { timeline: 2, state: 'running' }))
      const told = await eventually(
        async () => lines(),
        (l) => l.some((e) => e.type === 'timeline-changed' && e.member === 'pg1'),
        60_000,
        'every change made while the endpoint was down',
      )
      const changes = told
        .filter((e) => !['cluster-created', 'leader-taken', 'member-joined'].includes(e.type))
        .map((e) => `${e.type} ${e.member ?? ''} ${JSON.stringify(e.to ?? null)}`.trim())
      expect(changes.filter((c) => !c.startsWith('dcs-'))).toEqual([
        'state-changed pg2 "stopping"',
        'state-changed pg2 "stopped"',
        'leader-changed pg2 "pg2"',
        'role-changed pg2 "master"',
        'state-changed pg2 "running"',
        'timeline-changed pg2 2',
        'role-changed pg1 "replica"',
        'timeline-changed pg1 2',
      ])
      // the gap was said, and the watch resumed on another member from where it was
      const gap = told.filter((e) => e.type.startsWith('dcs-'))
      expect(gap.map((e) => e.type)).toEqual(['dcs-reconnecting', 'dcs-resumed'])
      expect(gap[1]?.message).toMatch(/^resumed on http:\/\/127\.0\.0\.1:\d+ from revision \d+$/)
      expect(gap[1]?.message).not.toContain(members[0]?.endpoint ?? 'none')
      // what the events told, folded from the first state on, is what a full read says now
      const folded = new Map<string, Record<string, unknown>>()
      for (const e of told) {
        if (e.member === undefined) continue
        const m = folded.get(e.member) ?? {}
        if (e.type === 'member-joined') Object.assign(m, e.detail)
        if (e.type === 'role-changed') m['role'] = e.to
        if (e.type === 'state-changed') m['state'] = e.to
        if (e.type === 'timeline-changed') m['timeline'] = e.to
        folded.set(e.member, m)
      }
      for (const r of await store.list('/service/demo/members/')) {
        const data = JSON.parse(r.value) as Record<string, unknown>
        expect(folded.get(r.key.split('/').at(-1) ?? '')).toEqual({
          role: data['role'],
          state: data['state'],
          timeline: data['timeline'],
        })
      }
    } finally {
      child.kill('SIGINT')
      await new Promise((r) => child.once('close', r))
      forget()
    }
  })
})
