import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { loadCtlConfig } from '../../src/config/load.js'
import { openDcs } from '../../src/dcs/factory.js'
import { Etcd2Store } from '../../src/dcs/etcd2-store.js'
import type { KvStore } from '../../src/dcs/kv-store.js'
import { ZooKeeperStore } from '../../src/dcs/zookeeper-store.js'
import type { Cluster } from '../../src/cluster/types.js'
import { closedPort } from '../helpers/etcd-server.js'
import { patronictl, ptctl } from '../helpers/cli.js'
import { startSandbox, type RunningSandbox } from '../helpers/sandbox.js'
import { tempDir } from '../helpers/leftovers.js'
import { switchoverStory } from '../helpers/switchover-story.js'

type Row = Record<string, unknown>

/** Both sandboxes start together; each backend's tests then run against its own cluster. */
const sandboxes: Partial<Record<'etcd' | 'zookeeper', Promise<RunningSandbox>>> = {}
beforeAll(() => {
  sandboxes.etcd = startSandbox({ dcs: 'etcd' })
  sandboxes.zookeeper = startSandbox({ dcs: 'zookeeper' })
})
afterAll(async () => {
  await Promise.all(Object.values(sandboxes).map(async (p) => (await p.catch(() => undefined))?.stop()))
})

function rawStore(dcs: 'etcd' | 'zookeeper', port: number): KvStore {
  const settings = {
    kind: dcs,
    hosts: [`127.0.0.1:${port}`],
    protocol: 'http' as const,
    tls: { insecure: false },
    section: {},
  }
  return dcs === 'etcd' ? new Etcd2Store(settings, 5000) : new ZooKeeperStore(settings, 5000)
}

describe.each(['etcd', 'zookeeper'] as const)('Patroni on %s', (dcs) => {
  let sb: RunningSandbox
  let c: string
  const read = async (): Promise<Cluster> => {
    const d = await openDcs(loadCtlConfig({ configFile: c, insecure: false, env: {}, home: tmpdir() }))
    try {
      return await d.getCluster('demo')
    } finally {
      await d.close()
    }
  }
  beforeAll(async () => {
    sb = await (sandboxes[dcs] as Promise<RunningSandbox>)
    c = sb.config
  }, 240_000)

  it('list -f json agrees with the real patronictl', async () => {
    const [ours, theirs] = await Promise.all([
      ptctl(['-c', c, 'list', '-f', 'json']),
      patronictl(['-c', c, 'list', '-f', 'json']),
    ])
    expect(ours.code, ours.stderr).toBe(0)
    const pick = (rows: Row[]) => rows.map((r) => [r['Member'], r['Role'], r['State'], r['TL']])
    expect(pick(JSON.parse(ours.stdout) as Row[])).toEqual(pick(JSON.parse(theirs.stdout) as Row[]))
  })

  it('show-config is what patronictl prints; the --dcs-url form works', async () => {
    const [ours, theirs] = await Promise.all([ptctl(['-c', c, 'show-config']), patronictl(['-c', c, 'show-config'])])
    expect(ours.stdout).toBe(theirs.stdout)
    const url = await ptctl(['-d', `${dcs}://127.0.0.1:${sb.state.store.clientPort}`, 'list', 'demo', '-f', 'json'])
    expect(url.code, url.stderr).toBe(0)
    expect((JSON.parse(url.stdout) as Row[]).length).toBe(3)
  })

  it('switchover --wait, and events telling its story as the DCS notified it', async () => {
    await switchoverStory(c, read)
  })

  it('pause --wait and resume --wait', async () => {
    const p = await ptctl(['-c', c, 'pause', '--wait'])
    expect(p.code, p.stderr).toBe(0)
    expect((await read()).config?.value['pause']).toBe(true)
    const r = await ptctl(['-c', c, 'resume', '--wait'])
    expect(r.code, r.stderr).toBe(0)
    expect((await read()).config?.value['pause']).toBeUndefined()
  })

  it('edit-config writes with compare-and-set on the backend version', async () => {
    const r = await ptctl(['-c', c, 'edit-config', '-s', 'maximum_lag_on_failover=2097152', '--force'])
    expect(r.code, r.stderr).toBe(0)
    expect((await read()).config?.value['maximum_lag_on_failover']).toBe(2097152)
  })

  it('unreachable hosts: exit 3 within the timeout, one line', async () => {
    const port = await closedPort()
    const r = await ptctl(['-d', `${dcs}://127.0.0.1:${port}`, '--timeout', '2', 'list', 'demo'], { timeoutMs: 30_000 })
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(new RegExp(`^Error: Cannot read from ${dcs} \\(.*127\\.0\\.0\\.1:${port}.*\\)\\n$`))
  })

  it('a key holding garbage: one-line error naming it, non-zero exit, nothing written', async () => {
    const store = rawStore(dcs, sb.state.store.clientPort)
    try {
      await store.put('/service/broken/config', 'this is not json {')
      await store.put('/service/broken/members/pg1', '{"conn_url":"postgres://127.0.0.1:5/postgres","state":"running"}')
      for (const args of [
        ['list', 'broken'],
        ['show-config', 'broken'],
        ['edit-config', 'broken', '-s', 'ttl=30', '--force'],
      ]) {
        const r = await ptctl(['-c', c, ...args])
        expect(r.code, args.join(' ')).toBe(1)
        expect(r.stderr).toBe('Error: Cluster broken: config holds invalid data (not the JSON Patroni writes)\n')
      }
      const [config] = (await store.list('/service/broken/')).filter((k) => k.key.endsWith('/config'))
      expect(config?.value).toBe('this is not json {')
      // in a shared namespace the broken cluster does not hide the others
      const all = await ptctl(['-c', c, 'list', '--all', '-f', 'json'])
      expect(all.code).toBe(1)
      expect(new Set((JSON.parse(all.stdout) as Row[]).map((r) => r['Cluster']))).toEqual(new Set(['demo']))
      expect(all.stderr).toBe(
        'Warning: left out: Cluster broken: config holds invalid data (not the JSON Patroni writes)\n',
      )
    } finally {
      await store.close()
    }
  })
})

describe('bad DCS configuration', () => {
  const dir = tempDir('ptctl-dcs-bad-')
  it.each([
    [
      'no DCS section',
      'scope: demo\n',
      /^Error: Can not find suitable configuration of distributed configuration store/,
    ],
    [
      'kubernetes section',
      'scope: demo\nkubernetes:\n  namespace: x\n',
      /^Error: The kubernetes DCS is not supported by ptctl/,
    ],
    ['bad zookeeper host', 'scope: demo\nzookeeper:\n  hosts: ["bad host"]\n', /^Error: Invalid zookeeper host/],
  ])('%s', async (_name, yaml, message) => {
    const file = join(dir, `${Math.random()}.yaml`)
    writeFileSync(file, yaml)
    const r = await ptctl(['-c', file, 'list'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
  })
  it('unknown scheme', async () => {
    const r = await ptctl(['-d', 'redis://127.0.0.1:1', 'list', 'demo'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('Error: Unknown dcs scheme: redis\n')
  })
})
