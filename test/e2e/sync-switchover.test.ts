import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'

import type { Cluster } from '../../src/cluster/types.js'
import { ptctl } from '../helpers/cli.js'
import { eventually, readSandboxCluster } from '../helpers/dcs-dump.js'
import { startSandbox, type RunningSandbox } from '../helpers/sandbox.js'

/**
 * A switchover in synchronous mode while a client writes: every write the old leader acknowledged must be on the new
 * leader afterwards (no acknowledged transaction lost), and ptctl reports the switchover done only when it is.
 */

let sb: RunningSandbox
let port: number
const PASSWORD = 'sandbox-superuser'

beforeAll(async () => {
  // a scope of its own (sandbox --scope): the ctl config it prints names it
  sb = await startSandbox({ scope: 'syncdemo' })
  port = sb.state.store.clientPort
}, 240_000)
afterAll(async () => {
  await sb?.stop()
})

const cluster = () => readSandboxCluster(port, 'syncdemo')

function leaderAddress(cl: Cluster): { host: string; port: number } | undefined {
  const m = cl.members.find((x) => x.name === cl.leader?.value)
  return m?.host !== undefined ? { host: m.host, port: m.port ?? 5432 } : undefined
}

async function connect(cl: Cluster): Promise<pg.Client | undefined> {
  const address = leaderAddress(cl)
  if (!address) return undefined
  const client = new pg.Client({
    ...address,
    user: 'postgres',
    password: PASSWORD,
    database: 'postgres',
    connectionTimeoutMillis: 2000,
  })
  client.on('error', () => undefined)
  try {
    await client.connect()
    const r = await client.query<{ r: boolean }>('select pg_is_in_recovery() as r')
    if (r.rows[0]?.r === false) return client
  } catch {
    // not the primary (yet): the writer tries again
  }
  await client.end().catch(() => undefined)
  return undefined
}

/** Inserts ids one by one into the current primary until `stop()`, following the leader; returns the acknowledged ids. */
function startWriter(): { stop(): Promise<number[]>; acknowledged: () => number } {
  const acked: number[] = []
  let running = true
  let next = 1
  const loop = (async () => {
    let client: pg.Client | undefined
    while (running) {
      client ??= await connect(await cluster())
      if (!client) {
        await new Promise((r) => setTimeout(r, 200))
        continue
      }
      const id = next++
      try {
        await client.query('insert into acked_writes(id) values ($1)', [id])
        acked.push(id)
      } catch {
        // not acknowledged: it may or may not be there, and is not counted
        await client.end().catch(() => undefined)
        client = undefined
      }
    }
    await client?.end().catch(() => undefined)
  })()
  return {
    acknowledged: () => acked.length,
    stop: async () => {
      running = false
      await loop
      return acked
    },
  }
}

describe('synchronous mode: a switchover under a write load loses no acknowledged write', () => {
  it('sandbox --scope: the cluster and the config it prints carry the scope', async () => {
    const r = await ptctl(['-c', sb.config, 'list'])
    expect(r.stdout.split('\n')[0]).toMatch(/^\+ Cluster: syncdemo \(\d+\) /)
  })

  it('every write the old leader acknowledged is on the new leader', async () => {
    const on = await ptctl(['-c', sb.config, 'edit-config', '-s', 'synchronous_mode=true', '--force'])
    expect(on.code, on.stderr).toBe(0)
    const synced = await eventually(
      cluster,
      (cl) => (cl.sync?.value.syncStandbys.length ?? 0) > 0,
      60_000,
      'a synchronous standby in /sync',
    )
    const syncStandby = synced.sync?.value.syncStandbys[0] ?? ''

    const setup = await connect(await cluster())
    if (!setup) throw new Error('cannot connect to the primary')
    await setup.query('create table if not exists acked_writes(id int primary key)')
    await setup.end()

    const writer = startWriter()
    await eventually(
      async () => writer.acknowledged(),
      (n) => n >= 50,
      30_000,
      '50 acknowledged writes before the switchover',
    )
    const sw = await ptctl(['-c', sb.config, 'switchover', '--candidate', syncStandby, '--force', '--wait', '--json'])
    expect(sw.code, sw.stderr).toBe(0)
    expect((JSON.parse(sw.stdout) as { outcome: string; wait: { newLeader: string } }).wait.newLeader).toBe(syncStandby)
    const before = writer.acknowledged()
    // the writer goes on against the new leader for a while, then stops (a bounded load)
    await eventually(
      async () => writer.acknowledged(),
      (n) => n >= before + 50,
      60_000,
      '50 more acknowledged writes on the new leader',
    )
    const acked = await writer.stop()
    expect(acked.length).toBeGreaterThanOrEqual(before + 50)

    const now = await cluster()
    expect(now.leader?.value).toBe(syncStandby)
    const reader = await connect(now)
    if (!reader) throw new Error('cannot connect to the new primary')
    const stored = new Set((await reader.query<{ id: number }>('select id from acked_writes')).rows.map((r) => r.id))
    await reader.end()
    expect(acked.filter((id) => !stored.has(id))).toEqual([])
  }, 240_000)
})
