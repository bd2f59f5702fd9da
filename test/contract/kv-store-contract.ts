import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DcsUnreachableError, VersionConflictError } from '../../src/errors.js'
import type { KvRecord, KvStore } from '../../src/dcs/kv-store.js'
import { WatchMirror, type KvChange, type KvWatchEvent } from '../../src/dcs/kv-watch.js'
import { eventually } from '../helpers/dcs-dump.js'

export interface SemanticsTarget {
  /** a store on a live server */
  live(): Promise<KvStore>
  /**
   * the store's watch reports every change, in order (etcd v3 and v2); otherwise it reports the latest value of each
   * key (ZooKeeper's one-time watches, Consul's blocking queries), and only what it converges to is checked
   */
  readonly lossless: boolean
}

export interface ContractTarget extends SemanticsTarget {
  /** a store whose every endpoint refuses connections */
  refused(timeoutMs: number): Promise<KvStore>
  /** a store whose endpoint accepts and never answers */
  blackHole(timeoutMs: number): Promise<KvStore>
  /** a store listing a dead endpoint first, then the live one */
  deadThenLive(timeoutMs: number): Promise<KvStore>
}

/** The behaviour every KvStore adapter must have, run against a real server of its kind. */
export function kvStoreContract(name: string, target: ContractTarget): void {
  kvStoreSemantics(name, target)
  kvStoreReachability(name, target)
}

/** What a store means by its reads and writes: the same for the real adapters and for the in-memory one of the unit tests. */
export function kvStoreSemantics(name: string, target: SemanticsTarget): void {
  describe(`KvStore contract: ${name}`, () => {
    let store: KvStore
    let n = 0
    const prefix = () => `/contract-${process.pid}-${++n}/`

    beforeAll(async () => {
      store = await target.live()
    })
    afterAll(async () => {
      await store.close()
    })

    it('lists nothing under an unused prefix', async () => {
      expect(await store.list(prefix())).toEqual([])
    })

    it('puts and lists keys under a prefix only, with a version each', async () => {
      const p = prefix()
      await store.put(`${p}a`, 'one')
      await store.put(`${p}b/c`, '{"x": 1}')
      await store.put(`${p.slice(0, -1)}x/other`, 'outside')
      const records = await store.list(p)
      expect(records.map((r) => [r.key, r.value]).sort()).toEqual([
        [`${p}a`, 'one'],
        [`${p}b/c`, '{"x": 1}'],
      ])
      for (const r of records) expect(r.version).toMatch(/\S/)
    })

    it('compare-and-set succeeds on the current version and changes the version', async () => {
      const p = prefix()
      await store.put(`${p}k`, 'v1')
      const [before] = await store.list(p)
      await store.put(`${p}k`, 'v2', before?.version)
      const [after] = await store.list(p)
      expect(after?.value).toBe('v2')
      expect(after?.version).not.toBe(before?.version)
    })

    it('compare-and-set on a stale version throws VersionConflictError and writes nothing', async () => {
      const p = prefix()
      await store.put(`${p}k`, 'v1')
      const [v1] = await store.list(p)
      await store.put(`${p}k`, 'v2')
      await expect(store.put(`${p}k`, 'v3', v1?.version)).rejects.toBeInstanceOf(VersionConflictError)
      expect((await store.list(p))[0]?.value).toBe('v2')
    })

    it('compare-and-set on an absent key is a conflict whatever the version given, and creates nothing', async () => {
      const p = prefix()
      for (const version of ['0', '1', '12345']) {
        await expect(store.put(`${p}absent`, 'v', version)).rejects.toBeInstanceOf(VersionConflictError)
      }
      expect(await store.list(p)).toEqual([])
    })

    it('deletes a prefix and nothing beside it', async () => {
      const p = prefix()
      const sibling = `${p.slice(0, -1)}-sibling/`
      await store.put(`${p}a`, '1')
      await store.put(`${p}members/b`, '2')
      await store.put(`${sibling}c`, '3')
      await store.deletePrefix(p)
      expect(await store.list(p)).toEqual([])
      expect((await store.list(sibling)).map((r) => r.value)).toEqual(['3'])
    })

    it('keeps UTF-8 values intact', async () => {
      const p = prefix()
      await store.put(`${p}u`, '{"name":"Zoë ☃"}')
      expect((await store.list(p))[0]?.value).toBe('{"name":"Zoë ☃"}')
    })
  })

  describe(`KvStore watch: ${name}`, () => {
    let store: KvStore
    let n = 0
    const prefix = () => `/watch-${process.pid}-${++n}/`

    beforeAll(async () => {
      store = await target.live()
    })
    afterAll(async () => {
      await store.close()
    })

    /** A watch of `p` recording what it reports; `mirror` is what it says is there now. */
    function follow(p: string) {
      const events: KvWatchEvent[] = []
      const mirror = new WatchMirror()
      const stop = new AbortController()
      const done = store.watch(
        p,
        (e) => {
          events.push(e)
          mirror.apply(e)
        },
        { signal: stop.signal, giveUpAfterMs: 10_000 },
      )
      const changes = () => events.flatMap((e) => (e.kind === 'changes' ? e.changes : []))
      return { events, mirror, stop, done, changes }
    }

    it('first a snapshot of the prefix; then every put and delete under it, and nothing beside it', async () => {
      const p = prefix()
      await store.put(`${p}a`, 'one')
      const w = follow(p)
      await eventually(
        async () => w.events.length,
        (k) => k > 0,
        10_000,
        'the first snapshot',
      )
      expect(w.events[0]).toMatchObject({ kind: 'snapshot', resync: false })
      expect(w.mirror.list().map((r) => [r.key, r.value])).toEqual([[`${p}a`, 'one']])
      await store.put(`${p}b/c`, 'two')
      await store.put(`${p.slice(0, -1)}-outside/x`, 'not watched')
      await store.put(`${p}a`, 'three')
      await store.deletePrefix(`${p}b/`)
      await store.put(`${p}d`, 'four')
      // whatever the store coalesces, the watch converges to what a read says (in key order: etcd v2 lists a
      // directory in its own order)
      const byKey = (records: readonly KvRecord[]) =>
        [...records].sort((x, y) => (x.key < y.key ? -1 : 1)).map((r) => [r.key, r.value])
      const expected = byKey(await store.list(p))
      expect(expected.length).toBe(2)
      await eventually(
        async () => byKey(w.mirror.list()),
        (seen) => JSON.stringify(seen) === JSON.stringify(expected),
        15_000,
        `the watch to converge to ${JSON.stringify(expected)}`,
      )
      expect(w.changes().every((c: KvChange) => c.key.startsWith(p))).toBe(true)
      if (target.lossless) {
        expect(w.changes().map((c) => [c.key, c.value ?? null])).toEqual([
          [`${p}b/c`, 'two'],
          [`${p}a`, 'three'],
          [`${p}b/c`, null],
          [`${p}d`, 'four'],
        ])
      }
      w.stop.abort()
      await w.done
    })

    it('a prefix that does not exist yet: its first key is reported when it is created', async () => {
      const p = prefix()
      const w = follow(p)
      await eventually(
        async () => w.events.length,
        (k) => k > 0,
        10_000,
        'the first snapshot',
      )
      expect(w.events[0]).toEqual({ kind: 'snapshot', records: [], resync: false })
      await store.put(`${p}members/pg1`, '{"state":"running"}')
      await eventually(
        async () => w.mirror.list().map((r) => r.value),
        (values) => values.includes('{"state":"running"}'),
        15_000,
        'the new key',
      )
      w.stop.abort()
      await w.done
    })

    it('ends (resolves) as soon as its signal aborts, even with nothing changing', async () => {
      const w = follow(prefix())
      await eventually(
        async () => w.events.length,
        (k) => k > 0,
        10_000,
        'the first snapshot',
      )
      const started = Date.now()
      w.stop.abort()
      await w.done
      expect(Date.now() - started).toBeLessThan(5000)
    })
  })
}

/** How a store fails when its servers cannot be reached: fast when refused, within its timeout when hung. */
function kvStoreReachability(name: string, target: ContractTarget): void {
  describe(`KvStore contract (unreachable servers): ${name}`, () => {
    let store: KvStore
    beforeAll(async () => {
      store = await target.live()
    })
    afterAll(async () => {
      await store.close()
    })

    it('fails fast with DcsUnreachableError when every endpoint refuses', async () => {
      const s = await target.refused(2000)
      const started = Date.now()
      await expect(s.list('/x/')).rejects.toBeInstanceOf(DcsUnreachableError)
      expect(Date.now() - started).toBeLessThan(10_000)
      await s.close()
    })

    it('gives up on a black-holed endpoint after its timeout with DcsUnreachableError', async () => {
      const s = await target.blackHole(1000)
      await expect(s.list('/x/')).rejects.toBeInstanceOf(DcsUnreachableError)
      await s.close()
    })

    it('tries the next endpoint when the first is down', async () => {
      const s = await target.deadThenLive(1000)
      const p = `/contract-${process.pid}-next/`
      await store.put(`${p}k`, 'v')
      expect((await s.list(p)).map((r) => r.value)).toEqual(['v'])
      await s.close()
    })
  })
}
