import { readFileSync, writeFileSync } from 'node:fs'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'

import { ptctl, ptctlUntil } from '../helpers/cli.js'
import { eventually, readSandboxCluster } from '../helpers/dcs-dump.js'
import { startSandbox, type RunningSandbox } from '../helpers/sandbox.js'

/** `list --live` / `topology --live` on the real sandbox (Patroni 3.0.2, PostgreSQL 15), with replication slowed for real. */
let sb: RunningSandbox
let c: string
let port: number
/** a Patroni node's own patroni.yml: --live logs in with its postgresql.authentication.superuser */
let nodeConfig: string

interface LiveMember {
  member: string
  role: string
  replication: {
    state: string
    syncState: string
    replayLagSeconds: number | null
    bytesBehind: { sent: number; written: number; flushed: number; replayed: number }
  } | null
  slot: { name: string; active: boolean; retainedBytes: number | null } | null
}
interface LiveDoc {
  clusters: {
    cluster: string
    source: string
    leader?: string
    reason?: string
    currentLsn?: string
    members: LiveMember[] | unknown[]
    archiver?: { archivedCount: number; failedCount: number } | null
  }[]
}

async function live(...extra: string[]): Promise<{ code: number; doc: LiveDoc; stderr: string }> {
  const r = await ptctl(['-c', nodeConfig, 'list', 'demo', '--live', '--json', ...extra], { timeoutMs: 30_000 })
  return { code: r.code, doc: JSON.parse(r.stdout) as LiveDoc, stderr: r.stderr }
}
const membersOf = (doc: LiveDoc) => (doc.clusters[0]?.members ?? []) as LiveMember[]

beforeAll(async () => {
  sb = await startSandbox()
  c = sb.config
  port = sb.state.store.clientPort
  nodeConfig = sb.state.nodes[0]?.configFile ?? ''
  const r = await ptctl(['-c', c, 'check', 'demo', '--min-replicas', '2', '--wait-healthy', '--timeout', '90'], {
    timeoutMs: 120_000,
  })
  expect(r.code, r.stdout + r.stderr).toBe(0)
}, 240_000)
afterAll(async () => {
  await sb?.stop()
})

describe('list --live on the real sandbox', () => {
  it("joins the leader's pg_stat_replication, slots and archiver to the member table", async () => {
    const cluster = await readSandboxCluster(port)
    const leader = cluster.leader?.value ?? ''
    const { code, doc, stderr } = await live()
    expect(code, stderr).toBe(0)
    expect(doc.clusters).toHaveLength(1)
    const view = doc.clusters[0]
    expect(view).toMatchObject({ cluster: 'demo', source: 'postgresql', leader })
    expect(view?.currentLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/)
    expect(view?.archiver).toMatchObject({ failedCount: 0 })
    const replicas = membersOf(doc).filter((m) => m.member !== leader)
    expect(replicas).toHaveLength(2)
    for (const r of replicas) {
      expect(r.role).toBe('Replica')
      expect(r.replication).toMatchObject({ state: 'streaming', syncState: 'async' })
      expect(r.slot).toMatchObject({ name: r.member, active: true })
      expect(typeof r.replication?.bytesBehind.replayed).toBe('number')
    }
    expect(membersOf(doc).find((m) => m.member === leader)).toMatchObject({ role: 'Leader', replication: null })

    const text = await ptctl(['-c', nodeConfig, 'list', 'demo', '--live'])
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(new RegExp(`Cluster: demo \\(live from ${leader} at \\d{4}-\\d\\d-\\d\\d `))
    expect(text.stdout).toMatch(/\| Member \| Host +\| Role +\| State +\| Replication \| Sync +\| Write lag \|/)
    expect(text.stdout).toMatch(/^Archiver: \d+ archived, /m)
    const topology = await ptctl(['-c', nodeConfig, 'topology', 'demo', '--live'])
    expect(topology.code, topology.stderr).toBe(0)
    expect(topology.stdout).toContain(`live from ${leader}`)
  })

  it('a replica with recovery_min_apply_delay: it receives and flushes in time while its replay stays behind', async () => {
    const cluster = await readSandboxCluster(port)
    const slow = sb.state.nodes.find((n) => n.name !== cluster.leader?.value)
    if (slow === undefined) throw new Error('no replica')
    const original = readFileSync(slow.configFile, 'utf8')
    const reload = async () => {
      const r = await ptctl(['-c', c, 'reload', 'demo', slow.name, '--force'])
      expect(r.code, r.stdout + r.stderr).toBe(0)
    }
    const delay = async (expected: string) => {
      await eventually(
        async () => {
          const r = await ptctl(
            [
              '-c',
              nodeConfig,
              'query',
              'demo',
              '-m',
              slow.name,
              '-U',
              'postgres',
              '-c',
              'SHOW recovery_min_apply_delay',
            ],
            { env: { PGPASSWORD: 'sandbox-superuser' } },
          )
          return r.stdout.trim().split('\n').pop()
        },
        (v) => v === expected,
        20_000,
        `recovery_min_apply_delay ${expected} on ${slow.name}`,
      )
    }
    try {
      const config = parse(original) as { postgresql: { parameters?: Record<string, unknown> } }
      config.postgresql.parameters = { ...config.postgresql.parameters, recovery_min_apply_delay: '60s' }
      writeFileSync(slow.configFile, stringify(config))
      await reload()
      await delay('1min')
      // WAL written now reaches the slow replica at once but is replayed only a minute later
      const write = await ptctl(
        [
          '-c',
          c,
          'query',
          'demo',
          '-U',
          'postgres',
          '-c',
          'CREATE TABLE IF NOT EXISTS live_probe (t timestamptz); INSERT INTO live_probe VALUES (now())',
        ],
        { env: { PGPASSWORD: 'sandbox-superuser' } },
      )
      expect(write.code, write.stderr).toBe(0)
      const seen = await eventually(
        () => live(),
        ({ doc }) => {
          const m = membersOf(doc).find((x) => x.member === slow.name)
          return m?.replication?.bytesBehind.flushed === 0 && (m.replication.bytesBehind.replayed ?? 0) > 0
        },
        30_000,
        `${slow.name} flushed but not replayed`,
      )
      const m = membersOf(seen.doc).find((x) => x.member === slow.name)
      expect(m?.replication?.state).toBe('streaming')
      const text = await ptctl(['-c', nodeConfig, 'list', 'demo', '--live'])
      const row = text.stdout.split('\n').find((l) => l.startsWith(`| ${slow.name} `)) ?? ''
      // the Behind cell: bytes not yet replayed
      expect(row.split('|').map((x) => x.trim())[10]).toMatch(/^\d+(\.\d)? (B|KiB|MiB)$/)
      expect(row.split('|').map((x) => x.trim())[10]).not.toBe('0 B')
    } finally {
      writeFileSync(slow.configFile, original)
      await reload()
      await delay('0')
    }
  })

  it('a leader that cannot be read over SQL: said on stderr, the DCS view marked as such, exit 1', async () => {
    const r = await ptctl(['-c', c, 'list', 'demo', '--live', '--json', '-U', 'postgres'], {
      env: { PGPASSWORD: 'not-the-password' },
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^Warning: demo: the leader's PostgreSQL cannot be read over SQL \(pg\d: password authentication failed/,
    )
    const doc = JSON.parse(r.stdout) as LiveDoc
    expect(doc.clusters[0]).toMatchObject({ cluster: 'demo', source: 'dcs' })
    expect(doc.clusters[0]?.reason).toMatch(/password authentication failed/)
    expect((doc.clusters[0]?.members as { Member: string }[]).map((m) => m.Member).sort()).toEqual([
      'pg1',
      'pg2',
      'pg3',
    ])
    const text = await ptctl(['-c', c, 'list', 'demo', '--live', '-U', 'postgres'], {
      env: { PGPASSWORD: 'not-the-password' },
    })
    expect(text.code).toBe(1)
    expect(text.stdout.split('\n')[0]).toMatch(/^DCS view of demo \(not live: /)
    expect(text.stdout).toContain('+ Cluster: demo (')
  })

  it('-W asks again: a second table, with the server clock moved on', async () => {
    const titles = (out: string) => out.match(/live from pg\d at [^,]+/g) ?? []
    const r = await ptctlUntil(
      ['-c', nodeConfig, 'list', 'demo', '--live', '-w', '1'],
      (out) => new Set(titles(out)).size >= 2,
      {
        timeoutMs: 30_000,
      },
    )
    expect(new Set(titles(r.stdout)).size).toBeGreaterThanOrEqual(2)
  })

  it('connection flags without --live are refused, before anything is read', async () => {
    const r = await ptctl(['-c', c, 'list', 'demo', '-U', 'postgres'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('Error: -U/--username, --dbname and --password go with --live\n')
    expect(r.stdout).toBe('')
  })
})
