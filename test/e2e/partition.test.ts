import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { PTCTL, ptctl } from '../helpers/cli.js'
import { tempDir, trackProcess } from '../helpers/leftovers.js'
import { startPartitionedEtcd, type PartitionedEtcd } from '../helpers/partitioned-etcd.js'

/**
 * A real network partition: three etcd members in their own network namespaces, member 1 cut off from the other two
 * while ptctl (in a client namespace) can still reach it. A member in a minority keeps its connections open and its
 * old data; ptctl must never show that data as the present.
 */
const member = (name: string, role: string) =>
  JSON.stringify({
    conn_url: `postgres://10.10.3.${name.slice(-1)}:5432/postgres`,
    api_url: `http://10.10.3.${name.slice(-1)}:8008/patroni`,
    state: 'running',
    role,
    version: '3.0.2',
    xlog_location: 50331648,
    timeline: 1,
  })

let lab: PartitionedEtcd
let dir: string
const healed = new Set<number>()

type Api = 'v3' | 'v2'

/** a write through the majority; tried again while it elects a new raft leader after a cut */
async function put(key: string, value: string, via = 1, api: Api = 'v3'): Promise<void> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const r =
      api === 'v3'
        ? await lab.etcdctl(lab.endpoints[via] ?? '', ['put', `/service/demo/${key}`, value])
        : await lab.etcdctl(lab.endpoints[via] ?? '', ['set', `/service/demo/${key}`, value], '2')
    if (r.code === 0) return
    if (Date.now() > deadline) throw new Error(`could not write ${key}: ${r.stderr}`)
  }
}

/** member `leader` holds the leader key, the others are replicas: as Patroni leaves it after a switchover */
async function leaderIs(leader: string, api: Api = 'v3'): Promise<void> {
  for (const name of ['pg1', 'pg2', 'pg3'])
    await put(`members/${name}`, member(name, name === leader ? 'master' : 'replica'), 1, api)
  await put('leader', leader, 1, api)
}

/** a ctl config naming `endpoints` in order, for Patroni's `etcd3:` section (v3) or `etcd:` (v2) */
function config(endpoints: readonly string[], api: Api = 'v3'): string {
  const file = join(dir, `ctl-${endpoints.length}-${Math.random().toString(36).slice(2)}.yml`)
  const section = api === 'v3' ? 'etcd3' : 'etcd'
  writeFileSync(
    file,
    `scope: demo\n${section}:\n  hosts:\n${endpoints.map((e) => `  - ${e.replace('http://', '')}\n`).join('')}`,
  )
  return file
}

/** ptctl running in the client namespace until stopped; its output so far, and a wait for what it prints */
function background(args: readonly string[]) {
  const child = spawn('/usr/sbin/ip', ['netns', 'exec', lab.clientNs, ...PTCTL, ...args], {
    env: { ...process.env, NO_COLOR: '1' },
  })
  const forget = trackProcess(child.pid)
  // both streams in the order they arrived, to tell what was drawn while the DCS was lost
  const out = { stdout: '', stderr: '', merged: [] as { stream: 'out' | 'err'; text: string }[] }
  child.stdout.on('data', (d: Buffer) => {
    out.stdout += d.toString()
    out.merged.push({ stream: 'out', text: d.toString() })
  })
  child.stderr.on('data', (d: Buffer) => {
    out.stderr += d.toString()
    out.merged.push({ stream: 'err', text: d.toString() })
  })
  const exited = new Promise<number>((resolve) =>
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1))),
  )
  return {
    out,
    exited,
    async until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs
      while (!done()) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`waited ${timeoutMs} ms for ${what}; stdout:\n${out.stdout}\nstderr:\n${out.stderr}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    async stop(): Promise<number> {
      child.kill('SIGINT')
      const code = await exited
      forget()
      return code
    },
  }
}

/** the tables drawn so far (each starts with its title line), in order */
const tables = (stdout: string) => stdout.split(/^(?=\+ Cluster: demo)/m).filter((t) => t.startsWith('+ Cluster'))
const leaderOf = (table: string) => /^\| (pg\d) .*\| Leader /m.exec(table)?.[1]

describe('a DCS member cut off into a minority (etcd v3 in network namespaces)', () => {
  beforeAll(async () => {
    dir = tempDir('ptctl-partition-')
    lab = await startPartitionedEtcd()
    await put('config', JSON.stringify({ ttl: 30, loop_wait: 10, retry_timeout: 10 }))
    await put('initialize', '7000000000000000001')
    await leaderIs('pg1')
    // the v2 API is a store of its own (Patroni's `etcd:` section)
    await put('config', JSON.stringify({ ttl: 30, loop_wait: 10, retry_timeout: 10 }), 1, 'v2')
    await leaderIs('pg1', 'v2')
  }, 60_000)

  afterEach(async () => {
    // every test starts from a whole cluster, whatever it cut
    for (const i of [0, 1, 2]) {
      if (healed.has(i)) continue
      await lab.heal(i)
      healed.add(i)
    }
    const deadline = Date.now() + 20_000
    while ((await lab.etcdctl(lab.endpoints.join(','), ['endpoint', 'health'])).code !== 0) {
      if (Date.now() > deadline) throw new Error('the etcd cluster did not heal')
      await new Promise((r) => setTimeout(r, 300))
    }
  }, 30_000)

  async function cut(i: number): Promise<void> {
    healed.delete(i)
    await lab.cut(i)
  }

  it.each([
    ['v3', /resumed on http:\/\/10\.10\.2\.[23]:2379 from revision \d+/],
    ['v2', /resumed on http:\/\/10\.10\.2\.[23]:2379 from index \d+/],
  ] as const)(
    'etcd %s: list -W with the cut-off member first says the DCS was lost, moves to the majority and draws its new leader; nothing stale is drawn meanwhile',
    async (api, resumed) => {
      await leaderIs('pg1', api)
      const watch = background(['-c', config(lab.endpoints, api), '--timeout', '3', 'list', 'demo', '-W'])
      await watch.until('the first table', () => tables(watch.out.stdout).length >= 1, 20_000)
      expect(leaderOf(tables(watch.out.stdout)[0] ?? '')).toBe('pg1')

      await cut(0)
      await leaderIs('pg2', api)
      await watch.until(
        'a table with the new leader',
        () => tables(watch.out.stdout).some((t) => leaderOf(t) === 'pg2'),
        30_000,
      )
      const drawnBeforeNew = watch.out.stdout.slice(0, watch.out.stdout.indexOf('| pg2 '))
      expect(await watch.stop()).toBe(130) // Ctrl-C

      // the cut member is lost by whichever check meets it first: the currency read of a connected watch, or the
      // connect deadline of one the client was (re)opening when the cut came (a loaded machine reopens streams)
      expect(watch.out.stderr).toMatch(
        /^Warning: lost the DCS \(http:\/\/10\.10\.2\.1:2379: (not confirmed current: [^\n]+|no answer within 3s)\); reconnecting$/m,
      )
      expect(watch.out.stderr).toMatch(new RegExp(`^The DCS is back: ${resumed.source}$`, 'm'))
      // between the loss being noticed and the watch being back on the majority, nothing is drawn: the old leader is
      // never redrawn (with a new timestamp) as if current
      const lost = watch.out.merged.findIndex((c) => c.stream === 'err' && c.text.includes('lost the DCS'))
      const back = watch.out.merged.findIndex((c) => c.stream === 'err' && c.text.includes('The DCS is back'))
      expect(lost).toBeGreaterThan(0)
      expect(back).toBeGreaterThan(lost)
      expect(watch.out.merged.slice(lost + 1, back).filter((c) => c.stream === 'out')).toEqual([])
      expect(leaderOf(tables(watch.out.stdout).at(-1) ?? '')).toBe('pg2')
      expect(tables(drawnBeforeNew).every((t) => leaderOf(t) === 'pg1')).toBe(true)
    },
    90_000,
  )

  it('a read through the cut-off member alone gives no stale answer: exit 3 within its deadline', async () => {
    await leaderIs('pg1')
    await cut(0)
    await leaderIs('pg3')
    const only = config([lab.endpoints[0] ?? ''])
    const r = await ptctl(['-c', only, '--timeout', '3', 'list', 'demo'], { netns: lab.clientNs, timeoutMs: 30_000 })
    expect(r.code, r.stderr).toBe(3)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^Error: .*10\.10\.2\.1:2379/m)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.ms).toBeLessThan(20_000) // not a timing check: the run's hard kill is 30 s, a hang would reach it

    // the same read through all three endpoints, the cut-off one first, answers with the majority's present
    const all = await ptctl(['-c', config(lab.endpoints), '--timeout', '3', 'list', 'demo', '-f', 'json'], {
      netns: lab.clientNs,
      timeoutMs: 30_000,
    })
    expect(all.code, all.stderr).toBe(0)
    const rows = JSON.parse(all.stdout) as { Member: string; Role: string }[]
    expect(rows.find((m) => m.Role === 'Leader')?.Member).toBe('pg3')
  }, 60_000)

  it('events on the cut-off member alone says dcs reconnecting, then follows the majority once healed', async () => {
    await leaderIs('pg1')
    const events = background(['-c', config([lab.endpoints[0] ?? '']), '--timeout', '3', 'events', 'demo'])
    // events prints changes only: one change shows its watch is running
    await new Promise((r) => setTimeout(r, 1000))
    await put('members/pg3', member('pg3', 'replica').replace('"running"', '"stopped"'))
    await events.until(
      'the watch to tell a change',
      () => /state-changed pg3 state running -> stopped/.test(events.out.stdout),
      20_000,
    )
    await cut(0)
    await events.until('a dcs reconnecting line', () => /dcs reconnecting/.test(events.out.stdout), 30_000)
    await leaderIs('pg2')
    await lab.heal(0)
    healed.add(0)
    await events.until(
      "the majority's change",
      () => / leader-changed pg2 /.test(events.out.stdout.slice(events.out.stdout.indexOf('dcs reconnecting'))),
      40_000,
    )
    expect(events.out.stdout).toMatch(/dcs resumed/)
    expect(await events.stop()).toBe(130) // Ctrl-C
  }, 90_000)

  it('after the partition heals, a read with a long enough deadline succeeds (transient etcd errors are tried again)', async () => {
    await leaderIs('pg1')
    await cut(0)
    await leaderIs('pg2')
    await lab.heal(0)
    healed.add(0)
    // straight after healing the member may answer "leader changed" or "no leader" for a moment
    const r = await ptctl(
      [
        '-d',
        `etcd3://${(lab.endpoints[0] ?? '').replace('http://', '')}`,
        '--timeout',
        '10',
        'list',
        'demo',
        '-f',
        'json',
      ],
      {
        netns: lab.clientNs,
        timeoutMs: 30_000,
      },
    )
    expect(r.code, r.stderr).toBe(0)
    const rows = JSON.parse(r.stdout) as { Member: string; Role: string }[]
    expect(rows.find((m) => m.Role === 'Leader')?.Member).toBe('pg2')
  }, 60_000)
})
