import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DcsKind, DcsSettings } from '../../src/config/types.js'
import { ConsulStore } from '../../src/dcs/consul-store.js'
import { Etcd2Store } from '../../src/dcs/etcd2-store.js'
import type { KvStore } from '../../src/dcs/kv-store.js'
import { ZooKeeperStore } from '../../src/dcs/zookeeper-store.js'
import { DcsUnreachableError } from '../../src/errors.js'
import { closedPort, startBlackHole, startEtcd, type EtcdServer } from '../helpers/etcd-server.js'
import { FakeConsul } from '../helpers/fake-consul.js'
import { startZooKeeper } from '../helpers/zookeeper-server.js'
import { kvStoreContract } from './kv-store-contract.js'

const settings = (kind: DcsKind, hosts: string[], section: Record<string, unknown> = {}): DcsSettings => ({
  kind,
  hosts,
  protocol: 'http',
  tls: { insecure: false },
  section,
})

const holes: Array<{ stop(): Promise<void> }> = []
const hole = async () => {
  const h = await startBlackHole()
  holes.push(h)
  return `127.0.0.1:${h.port}`
}
afterAll(async () => {
  await Promise.all(holes.map((h) => h.stop()))
})

function contract(
  name: string,
  make: (hosts: string[], timeoutMs: number) => KvStore,
  live: () => string,
  lossless: boolean,
): void {
  kvStoreContract(name, {
    live: async () => make([live()], 5000),
    lossless,
    refused: async (t) => make([`127.0.0.1:${await closedPort()}`], t),
    blackHole: async (t) => make([await hole()], t),
    deadThenLive: async (t) => make([`127.0.0.1:${await closedPort()}`, live()], t),
  })
}

let etcd: EtcdServer
let zk: Awaited<ReturnType<typeof startZooKeeper>>
const consul = new FakeConsul()
beforeAll(async () => {
  ;[etcd, zk] = await Promise.all([startEtcd(), startZooKeeper(), consul.start()]).then(([e, z]) => [e, z] as const)
}, 90_000)
afterAll(async () => {
  await Promise.all([etcd?.stop(), zk?.stop(), consul.stop()])
})

contract(
  'etcd v2 (real etcd 3.4 with --enable-v2)',
  (hosts, t) => new Etcd2Store(settings('etcd', hosts), t),
  () => etcd.endpoint,
  true,
)
contract(
  'zookeeper (real ZooKeeper 3.8, Debian)',
  (hosts, t) => new ZooKeeperStore(settings('zookeeper', hosts), t),
  () => zk.endpoint,
  false,
)
contract(
  'consul (FAKE Consul KV server, in-process)',
  (hosts, t) => new ConsulStore(settings('consul', hosts), t),
  () => `127.0.0.1:${consul.port}`,
  false,
)

describe('consul (FAKE server) specifics', () => {
  it('reads with ?recurse&consistent, writes with ?cas=, keys without a leading slash', async () => {
    const store = new ConsulStore(settings('consul', [`127.0.0.1:${consul.port}`], { dc: 'dc9' }), 5000)
    await store.put('/service/x/config', '{}')
    const [record] = await store.list('/service/x/')
    await store.put('/service/x/config', '{"a":1}', record?.version)
    expect(consul.requests).toContain('PUT /v1/kv/service/x/config?&dc=dc9')
    expect(consul.requests).toContain('GET /v1/kv/service/x/?recurse&consistent&dc=dc9')
    expect(consul.requests).toContain(`PUT /v1/kv/service/x/config?cas=${record?.version}&dc=dc9`)
    await store.close()
  })

  it('consul.consistency: stale and default reads as asked, consistent otherwise', async () => {
    for (const [consistency, mode] of [
      ['stale', '&stale'],
      ['default', ''],
      ['consistent', '&consistent'],
    ] as const) {
      const store = new ConsulStore(settings('consul', [`127.0.0.1:${consul.port}`], { consistency }), 5000)
      await store.list('/service/c/')
      expect(consul.requests.at(-1)).toBe(`GET /v1/kv/service/c/?recurse${mode}`)
      await store.close()
    }
  })

  it('a wrong ACL token is a DcsUnreachableError and nothing is written', async () => {
    const secured = new FakeConsul('right-token')
    await secured.start()
    try {
      const wrong = new ConsulStore(settings('consul', [`127.0.0.1:${secured.port}`], { token: 'wrong' }), 3000)
      await expect(wrong.put('/service/x/config', '{}')).rejects.toBeInstanceOf(DcsUnreachableError)
      await expect(wrong.list('/service/')).rejects.toThrow(/refused the ACL token/)
      const right = new ConsulStore(settings('consul', [`127.0.0.1:${secured.port}`], { token: 'right-token' }), 3000)
      expect(await right.list('/service/')).toEqual([])
      await Promise.all([wrong.close(), right.close()])
    } finally {
      await secured.stop()
    }
  })
})

describe('zookeeper specifics', () => {
  it('keeps empty parent znodes out of the records and reads children of members/', async () => {
    const store = new ZooKeeperStore(settings('zookeeper', [zk.endpoint]), 5000)
    await store.put('/service/zz/members/pg1', '{"state":"running"}')
    await store.put('/service/zz/config', '{"ttl":20}')
    const keys = (await store.list('/service/zz/')).map((r) => r.key).sort()
    expect(keys).toEqual(['/service/zz/config', '/service/zz/members/pg1'])
    await store.close()
  })
})
