import { spawn, type ChildProcess } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { freePorts } from '../../src/sandbox/ports.js'
import { closedPort, waitForPort } from '../helpers/etcd-server.js'
import { ptctl, run } from '../helpers/cli.js'
import { eventually, readSandboxCluster } from '../helpers/dcs-dump.js'
import { startSandbox, type RunningSandbox } from '../helpers/sandbox.js'
import { tempDir, trackProcess } from '../helpers/leftovers.js'

let sb: RunningSandbox
let c: string
const dir = tempDir('ptctl-haproxy-')

beforeAll(async () => {
  sb = await startSandbox()
  c = sb.config
}, 240_000)
afterAll(async () => {
  await sb?.stop()
})

/** Which server a connection through `port` reaches: its listening port and whether it is in recovery. */
async function whereDoesItLand(port: number): Promise<{ port: number; inRecovery: boolean }> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: 'sandbox-superuser',
    database: 'postgres',
    connectionTimeoutMillis: 3000,
  })
  // HAProxy may close a connection it has no server for: that is the connect's rejection, not an uncaught error
  client.on('error', () => undefined)
  await client.connect()
  try {
    const r = await client.query<{ port: number; r: boolean }>(
      'SELECT inet_server_port() AS port, pg_is_in_recovery() AS r',
    )
    return { port: r.rows[0]?.port ?? 0, inRecovery: r.rows[0]?.r ?? false }
  } finally {
    await client.end()
  }
}

describe('haproxy: a real HAProxy routes writes to the primary and reads to a replica', () => {
  let haproxy: ChildProcess | undefined
  let write = 0
  let read = 0
  let stats = 0
  /** HAProxy's own view of one server, from its stats page in CSV (proxy,server,...,status,...) */
  const serverStatus = async (proxy: string, server: string): Promise<string | undefined> => {
    const csv = await (await fetch(`http://127.0.0.1:${stats}/;csv`)).text()
    const header = (csv.split('\n')[0] ?? '').replace(/^# /, '').split(',')
    const column = header.indexOf('status')
    const row = csv.split('\n').find((l) => l.startsWith(`${proxy},${server},`))
    return row?.split(',')[column]
  }
  afterAll(async () => {
    if (haproxy && haproxy.exitCode === null) {
      const exited = new Promise((r) => haproxy?.once('exit', r))
      haproxy.kill('SIGTERM')
      await exited
    }
  })

  it('generates a config that haproxy -c accepts', async () => {
    ;[write = 0, read = 0, stats = 0] = await freePorts(3)
    const r = await ptctl([
      '-c',
      c,
      'haproxy',
      '--bind',
      '127.0.0.1',
      '--write-port',
      String(write),
      '--read-port',
      String(read),
      '--stats-port',
      String(stats),
      '--check-interval',
      '1',
      '--fall',
      '1',
      '--rise',
      '1',
    ])
    expect(r.code, r.stderr).toBe(0)
    const file = join(dir, 'haproxy.cfg')
    writeFileSync(file, r.stdout)
    const check = await run('/usr/sbin/haproxy', ['-c', '-f', file])
    expect(check.code, check.stdout + check.stderr).toBe(0)
    haproxy = spawn('/usr/sbin/haproxy', ['-db', '-f', file], { stdio: 'ignore' })
    trackProcess(haproxy.pid)
    await waitForPort(write, 15_000)
  })

  it('the write port reaches the primary, the read port a replica', async () => {
    const leaderPort = async () => {
      const cl = await readSandboxCluster(sb.state.store.clientPort)
      return cl.members.find((m) => m.name === cl.leader?.value)?.port
    }
    const w = await eventually(
      () => whereDoesItLand(write).catch(() => undefined),
      (x) => x !== undefined && !x.inRecovery,
      15_000,
      'the write port to reach a primary',
    )
    expect(w?.inRecovery).toBe(false)
    expect(w?.port).toBe(await leaderPort())
    // HAProxy counts every server up until its first check has run: wait until it has marked the leader down in the
    // read pool, then every read lands on a replica, round robin over both
    const leader = (await readSandboxCluster(sb.state.store.clientPort)).leader?.value ?? ''
    const status = await eventually(
      () => serverStatus('demo_replicas', leader).catch(() => undefined),
      (s) => s === 'DOWN',
      15_000,
      `HAProxy to mark ${leader} down in the read pool`,
    )
    expect(status).toBe('DOWN')
    const reads = []
    for (let i = 0; i < 4; i++) reads.push(await whereDoesItLand(read))
    expect(reads.map((x) => x.inRecovery)).toEqual([true, true, true, true])
    expect(new Set(reads.map((x) => x.port)).size).toBe(2)
  })

  it('after switchover --wait the write port reaches the new primary within the check interval', async () => {
    const s = await ptctl(['-c', c, 'switchover', '--force', '--wait', '--json'])
    expect(s.code, s.stderr).toBe(0)
    const newLeader = (JSON.parse(s.stdout) as { wait: { newLeader: string } }).wait.newLeader
    const port = sb.state.nodes.find((n) => n.name === newLeader)?.pgPort
    const w = await eventually(
      () => whereDoesItLand(write).catch(() => undefined),
      (x) => x !== undefined && x.port === port && !x.inRecovery,
      15_000,
      `the write port to reach the new primary ${newLeader}`,
    )
    expect(w?.port).toBe(port)
    expect(w?.inRecovery).toBe(false)
  })
})

describe('check on the real cluster', () => {
  it('a healthy cluster is OK, exit 0', async () => {
    const r = await ptctl(['-c', c, 'check', '--min-replicas', '2', '--wait-healthy', '--timeout', '60'])
    expect(r.code, r.stdout).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('CHECK demo OK')
    const json = await ptctl(['-c', c, 'check', '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ cluster: 'demo', status: 'OK' })
  })

  it('bad inputs: unknown cluster and malformed --max-lag are UNKNOWN (3) for check, conflicting haproxy ports a usage error (2)', async () => {
    const unknown = await ptctl(['-c', c, 'check', 'nosuch'])
    expect(unknown.code).toBe(3)
    expect(unknown.stderr).toMatch(/^Error: Cluster nosuch not found/)
    const lag = await ptctl(['-c', c, 'check', '--max-lag', '10XB'])
    expect(lag.code).toBe(3)
    expect(lag.stderr).toBe('Error: Invalid value for --max-lag: 10XB (bytes, or a number with kB, MB, GB or TB)\n')
    const ports = await ptctl(['-c', c, 'haproxy', '--write-port', '5000', '--read-port', '5000'])
    expect(ports.code).toBe(2)
    expect(ports.stderr).toBe(
      'Error: Conflicting ports: --write-port, --read-port and --stats-port must differ (5000, 5000)\n',
    )
    const cluster = await ptctl(['-c', c, 'haproxy', 'nosuch'])
    expect(cluster.code).toBe(1)
  })

  it('with the DCS unreachable the verdict is UNKNOWN (3) within the timeout', async () => {
    const port = await closedPort()
    const r = await ptctl(['-d', `etcd3://127.0.0.1:${port}`, '--request-timeout', '2', 'check', 'demo'], {
      timeoutMs: 30_000,
    })
    expect(r.code).toBe(3)
    expect(r.stdout.split('\n')[0]).toMatch(/^CHECK demo UNKNOWN - dcs: Cannot read from etcd3/)
  })

  it("after stopping one replica's Patroni the verdict says which member and why", async () => {
    const cl = await readSandboxCluster(sb.state.store.clientPort)
    const victim = sb.state.nodes.find((n) => n.name !== cl.leader?.value)
    // only a PID the sandbox recorded is ever signalled
    if (victim === undefined || victim.pid <= 1)
      throw new Error(`no recorded replica PID: ${JSON.stringify(sb.state.nodes)}`)
    process.kill(victim.pid, 'SIGTERM')
    const r = await eventually(
      () => ptctl(['-c', c, 'check', '--min-replicas', '2']),
      (x) => x.code !== 0 && x.stdout.includes(victim.name),
      60_000,
      `check to name ${victim.name}`,
    )
    expect([1, 2]).toContain(r.code)
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^CHECK demo (WARN|CRIT) - .*${victim.name}`))
  })
})
