import { execFileSync } from 'node:child_process'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DcsSettings } from '../../src/config/types.js'
import { Etcd3Store } from '../../src/dcs/etcd3-store.js'
import { DcsUnreachableError, DcsWriteUnknownError } from '../../src/errors.js'
import { closedPort, startBlackHole, startEtcd, type EtcdServer } from '../helpers/etcd-server.js'
import { kvStoreContract } from './kv-store-contract.js'

const settings = (hosts: string[], extra: Partial<DcsSettings> = {}): DcsSettings => ({
  kind: 'etcd3',
  hosts,
  protocol: 'http',
  tls: { insecure: false },
  section: {},
  ...extra,
})

let etcd: EtcdServer
const holes: Array<{ stop(): Promise<void> }> = []

beforeAll(async () => {
  etcd = await startEtcd()
})
afterAll(async () => {
  await Promise.all(holes.map((h) => h.stop()))
  await etcd.stop()
})

kvStoreContract('etcd3 (real etcd 3.4, Debian etcd-server)', {
  live: async () => new Etcd3Store(settings([etcd.endpoint]), 5000),
  lossless: true,
  refused: async (t) => new Etcd3Store(settings([`127.0.0.1:${await closedPort()}`]), t),
  blackHole: async (t) => {
    const hole = await startBlackHole()
    holes.push(hole)
    return new Etcd3Store(settings([`127.0.0.1:${hole.port}`]), t)
  },
  deadThenLive: async (t) => new Etcd3Store(settings([`127.0.0.1:${await closedPort()}`, etcd.endpoint]), t),
})

describe('etcd3 writes without an answer', () => {
  it('are reported as an unknown outcome (exit 6), not retried elsewhere, within the timeout', async () => {
    const hole = await startBlackHole()
    holes.push(hole)
    // the black hole first, then the live etcd: the write is not sent again to the second endpoint
    const store = new Etcd3Store(settings([`127.0.0.1:${hole.port}`, etcd.endpoint]), 1000)
    const started = Date.now()
    const error = await store.put('/unknown-write/k', 'v').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DcsWriteUnknownError)
    expect((error as DcsWriteUnknownError).exitCode).toBe(6)
    expect((error as Error).message).toMatch(
      /^Cannot write to etcd3 \(http:\/\/127\.0\.0\.1:\d+: no answer within 1s\): the write may have been applied/,
    )
    expect(Date.now() - started).toBeLessThan(5000)
    await store.close()
    const live = new Etcd3Store(settings([etcd.endpoint]), 5000)
    expect(await live.list('/unknown-write/')).toEqual([])
    await live.close()
  })
})

describe('etcd3 with authentication (real etcd, auth enabled)', () => {
  let secured: EtcdServer
  beforeAll(async () => {
    secured = await startEtcd()
    const ctl = (...args: string[]) =>
      execFileSync('/usr/bin/etcdctl', [`--endpoints=http://${secured.endpoint}`, ...args], {
        env: { ...process.env, ETCDCTL_API: '3' },
        stdio: 'pipe',
      })
    ctl('user', 'add', 'root:rootpw')
    ctl('auth', 'enable')
  })
  afterAll(async () => {
    await secured.stop()
  })

  it('reads and writes with the right credentials', async () => {
    const store = new Etcd3Store(
      settings([secured.endpoint], { credentials: { username: 'root', password: 'rootpw' } }),
      5000,
    )
    await store.put('/auth-test/k', 'v')
    expect((await store.list('/auth-test/')).map((r) => r.value)).toEqual(['v'])
    await store.close()
  })

  it('wrong credentials are a DcsUnreachableError naming the refusal', async () => {
    const store = new Etcd3Store(
      settings([secured.endpoint], { credentials: { username: 'root', password: 'wrong' } }),
      3000,
    )
    const error = await store.list('/auth-test/').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DcsUnreachableError)
    expect((error as Error).message).toMatch(/refused the credentials|authentication/i)
    await store.close()
  })
})
