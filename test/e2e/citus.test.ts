import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { Etcd3Store } from '../../src/dcs/etcd3-store.js'
import { patronictl, ptctl } from '../helpers/cli.js'
import { startEtcd, type EtcdServer } from '../helpers/etcd-server.js'
import { startFakeAgent, type FakeAgent } from '../helpers/fake-agent.js'
import { tempDir } from '../helpers/leftovers.js'

/**
 * Citus: no Citus extension exists on these machines, so there is no real Citus cluster. The DCS holds what Patroni
 * writes for a coordinator (group 0) and two workers (groups 1 and 2), and FAKE agents (HTTP servers answering as
 * Patroni 3.0.2 does) record the REST calls. The real patronictl 3.0.2 reads the same keys side by side.
 */

const GROUPS: Record<number, { leader: string; replica: string; sysid: string }> = {
  0: { leader: 'coord1', replica: 'coord2', sysid: '7300000000000000000' },
  1: { leader: 'work1-1', replica: 'work1-2', sysid: '7300000000000000001' },
  2: { leader: 'work2-1', replica: 'work2-2', sysid: '7300000000000000002' },
}

let etcd: EtcdServer
let store: Etcd3Store
const agents = new Map<string, FakeAgent>()
const dir = tempDir('ptctl-citus-')
const config = join(dir, 'patronictl.yaml')

async function writeCitusCluster(): Promise<void> {
  await store.deletePrefix('/service/batman/')
  let pgPort = 6432
  for (const [g, spec] of Object.entries(GROUPS)) {
    const prefix = `/service/batman/${g}/`
    await store.put(`${prefix}initialize`, spec.sysid)
    await store.put(
      `${prefix}config`,
      JSON.stringify({
        ttl: 30,
        loop_wait: 10,
        retry_timeout: 10,
        maximum_lag_on_failover: 1048576,
        postgresql: { parameters: { max_connections: 100 + Number(g) } },
      }),
    )
    await store.put(`${prefix}leader`, spec.leader)
    await store.put(`${prefix}status`, JSON.stringify({ optime: 67108960 }))
    await store.put(
      `${prefix}history`,
      JSON.stringify([[1, 25165984, 'no recovery target specified', '2026-11-28T07:00:00.000000+00:00', spec.leader]]),
    )
    for (const [name, role] of [
      [spec.leader, 'master'],
      [spec.replica, 'replica'],
    ] as const) {
      const agent = agents.get(name)
      await store.put(
        `${prefix}members/${name}`,
        JSON.stringify({
          conn_url: `postgres://127.0.0.1:${pgPort++}/citus`,
          api_url: agent?.apiUrl,
          state: 'running',
          role,
          version: '3.0.2',
          xlog_location: 67108960,
          timeline: 2,
        }),
      )
    }
  }
}

beforeAll(async () => {
  etcd = await startEtcd()
  store = new Etcd3Store(
    { kind: 'etcd3', hosts: [etcd.endpoint], protocol: 'http', tls: { insecure: false }, section: {} },
    5000,
  )
  for (const spec of Object.values(GROUPS))
    for (const name of [spec.leader, spec.replica]) agents.set(name, await startFakeAgent(name))
  writeFileSync(
    config,
    `scope: batman\nnamespace: /service/\netcd3:\n  hosts: ${etcd.endpoint}\ncitus:\n  group: 0\n  database: citus\n`,
  )
  await writeCitusCluster()
}, 60_000)
afterAll(async () => {
  await store?.close()
  await Promise.all([...agents.values()].map((a) => a.stop()))
  await etcd?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const both = (args: string[], input?: string) =>
  Promise.all([
    ptctl(['-c', config, ...args], input !== undefined ? { input } : {}),
    patronictl(['-c', config, ...args]),
  ])

/** Group, Member, Role, State cells of every row of the pretty table (3.0.2 and 4.x share these columns). */
function rows(stdout: string): string[] {
  let header: string[] = []
  const out: string[] = []
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('| ')) continue
    const cells = line
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim())
    if (cells.includes('Member')) header = cells
    else
      out.push(
        ['Group', 'Member', 'Role', 'State']
          .map((k) => (header.includes(k) ? cells[header.indexOf(k)] : '-'))
          .join(' '),
      )
  }
  return out
}

const requestsTo = (name: string) => agents.get(name)?.requests ?? []
const clearRequests = () => {
  for (const a of agents.values()) a.requests.length = 0
}

describe('Citus (keys as Patroni writes them for a coordinator and two workers; fake agents)', () => {
  it('list shows every group with a Group column, as the real patronictl does', async () => {
    const [ours, theirs] = await both(['list'])
    expect(ours.code, ours.stderr).toBe(0)
    expect(ours.stdout.split('\n')[0]).toMatch(/^\+ Citus cluster: batman -+\+/)
    expect(rows(ours.stdout)).toEqual(rows(theirs.stdout))
    expect(rows(ours.stdout)).toEqual([
      '0 coord1 Leader running',
      '0 coord2 Replica running',
      '1 work1-1 Leader running',
      '1 work1-2 Replica running',
      '2 work2-1 Leader running',
      '2 work2-2 Replica running',
    ])
  })

  it('list --group 1: one group, named in the title with its system id; the Group column only in tsv/json', async () => {
    const [ours, theirs] = await both(['list', '--group', '1'])
    expect(ours.stdout.split('\n')[0]).toMatch(/^\+ Citus cluster: batman \(group: 1, 7300000000000000001\) -+/)
    expect(rows(ours.stdout)).toEqual(['- work1-1 Leader running', '- work1-2 Replica running'])
    expect(rows(theirs.stdout)).toEqual(rows(ours.stdout))
    const json = JSON.parse((await ptctl(['-c', config, 'list', '--group', '1', '--json'])).stdout) as Array<
      Record<string, unknown>
    >
    expect(json.map((r) => [r['Group'], r['Member']])).toEqual([
      [1, 'work1-1'],
      [1, 'work1-2'],
    ])
    const tsv = (await ptctl(['-c', config, 'list', '-f', 'tsv'])).stdout.split('\n').filter((l) => l !== '')
    expect(tsv[0]?.startsWith('Cluster\tGroup\tMember\t')).toBe(true)
    expect(tsv).toHaveLength(7)
  })

  it('topology is a tree per group', async () => {
    const r = await ptctl(['-c', config, 'topology'])
    expect(rows(r.stdout)).toEqual([
      '0 coord1 Leader running',
      '0 + coord2 Replica running',
      '1 work1-1 Leader running',
      '1 + work1-2 Replica running',
      '2 work2-1 Leader running',
      '2 + work2-2 Replica running',
    ])
  })

  it("show-config and history use citus.group by default, --group otherwise; byte for byte patronictl's", async () => {
    for (const args of [['show-config'], ['show-config', '--group', '2'], ['history', '--group', '1']]) {
      const [ours, theirs] = await both(args)
      expect(ours.code, ours.stderr).toBe(0)
      expect(ours.stdout, args.join(' ')).toBe(theirs.stdout)
    }
    expect((await ptctl(['-c', config, 'show-config', '--group', '2'])).stdout).toContain('max_connections: 102')
  })

  it('dsn: the first leader of all groups, or the leader of --group', async () => {
    for (const args of [['dsn'], ['dsn', '--group', '2'], ['dsn', '-m', 'work1-2']]) {
      const [ours, theirs] = await both(args)
      expect(ours.stdout, args.join(' ')).toBe(theirs.stdout)
    }
  })

  it('edit-config --group 2 writes the config of group 2 only', async () => {
    const r = await ptctl(['-c', config, 'edit-config', '--group', '2', '-s', 'ttl=40', '--force'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('+ttl: 40')
    const configs = await store.list('/service/batman/')
    const ttl = (g: number) =>
      (JSON.parse(configs.find((k) => k.key === `/service/batman/${g}/config`)?.value ?? '{}') as { ttl: number }).ttl
    expect([ttl(0), ttl(1), ttl(2)]).toEqual([30, 30, 40])
    await writeCitusCluster()
  })

  it("switchover needs a group: refused with --force, asked otherwise; sent to that group's leader", async () => {
    clearRequests()
    const refused = await ptctl(['-c', config, 'switchover', '--force'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe('Error: For Citus clusters the --group must me specified\n')
    expect([...agents.values()].flatMap((a) => a.requests)).toEqual([])

    const forced = await ptctl(['-c', config, 'switchover', '--group', '1', '--candidate', 'work1-2', '--force'])
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.stdout).toContain('Successfully switched over to "work1-2"')
    expect(requestsTo('work1-1')).toEqual([
      { method: 'POST', path: '/switchover', body: { leader: 'work1-1', candidate: 'work1-2' } },
    ])

    clearRequests()
    const asked = await ptctl(['-c', config, 'switchover'], { input: 'x\n2\n\nwork2-2\nnow\ny\n' })
    expect(asked.code, asked.stderr).toBe(0)
    expect(asked.stderr).toContain("Error: 'x' is not a valid integer.")
    expect(asked.stderr).toContain('Citus group: ')
    expect(requestsTo('work2-1').map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/switchover', { leader: 'work2-1', candidate: 'work2-2' }],
    ])
  })

  it('restart and reload: one group with --group, every group without', async () => {
    clearRequests()
    const one = await ptctl(['-c', config, 'restart', 'batman', 'work2-2', '--group', '2', '--force'])
    expect(one.code, one.stderr).toBe(0)
    expect(one.stdout).toContain('Success: restart on member work2-2')
    expect(requestsTo('work2-2').map((r) => r.path)).toEqual(['/restart'])
    clearRequests()
    const all = await ptctl(['-c', config, 'reload', 'batman', '--force'])
    expect(all.code, all.stderr).toBe(0)
    expect([...agents.values()].filter((a) => a.requests.some((r) => r.path === '/reload'))).toHaveLength(6)
  })

  it('remove needs --group and removes only that group', async () => {
    const refused = await ptctl(['-c', config, 'remove', 'batman'], { input: 'batman\n' })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toBe('Error: For Citus clusters the --group must me specified\n')
    const r = await ptctl(['-c', config, 'remove', 'batman', '--group', '2'], {
      input: 'batman\nYes I am aware\nwork2-1\n',
    })
    expect(r.code, r.stderr).toBe(0)
    const keys = (await store.list('/service/batman/')).map((k) => k.key)
    expect(keys.some((k) => k.startsWith('/service/batman/2/'))).toBe(false)
    expect(keys.filter((k) => k.startsWith('/service/batman/1/'))).toHaveLength(7)
    await writeCitusCluster()
  })

  it('pause acts on the coordinator by default (citus.group), on --group otherwise', async () => {
    clearRequests()
    const r = await ptctl(['-c', config, 'pause', '--group', '1'])
    expect(r.code, r.stderr).toBe(0)
    expect(requestsTo('work1-1').map((x) => [x.method, x.path, x.body])).toEqual([
      ['PATCH', '/config', { pause: true }],
    ])
    clearRequests()
    await ptctl(['-c', config, 'pause'])
    expect(requestsTo('coord1').map((x) => x.path)).toEqual(['/config'])
  })
})
