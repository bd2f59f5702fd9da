import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { Etcd3Store } from '../../src/dcs/etcd3-store.js'
import { ptctl, type CliResult } from '../helpers/cli.js'
import { closedPort, startEtcd, type EtcdServer } from '../helpers/etcd-server.js'
import { startFakeAgent, type FakeAgent } from '../helpers/fake-agent.js'
import { tempDir } from '../helpers/leftovers.js'

/**
 * Known passwords in every place ptctl reads one from (config file, -d, $DCS_URL, PATRONI_* variables, REST auth,
 * PGPASSWORD), then every command's error paths (and a few that succeed): no byte of stdout or stderr may hold one.
 */

const SECRETS = {
  dcsUrl: 'urlPw-47Zq',
  dcsField: 'fieldPw-58Zq',
  restAuth: 'restPw-69Zq',
  envDcs: 'envPw-70Zq',
  envRest: 'envRest-81Zq',
  pg: 'pgPw-92Zq',
  dashD: 'dashD-03Zq',
  dcsUrlEnv: 'dcsEnv-14Zq',
  keyPassword: 'keyPw-25Zq',
}

let etcd: EtcdServer
let store: Etcd3Store
let agent: FakeAgent
const dir = tempDir('ptctl-secrets-')
const live = join(dir, 'live.yaml')
const dead = join(dir, 'dead.yaml')
const env = {
  PATRONI_ETCD3_PASSWORD: SECRETS.envDcs,
  PATRONI_RESTAPI_PASSWORD: SECRETS.envRest,
  PGPASSWORD: SECRETS.pg,
}

beforeAll(async () => {
  etcd = await startEtcd()
  store = new Etcd3Store(
    { kind: 'etcd3', hosts: [etcd.endpoint], protocol: 'http', tls: { insecure: false }, section: {} },
    5000,
  )
  agent = await startFakeAgent('pg1')
  // every change is refused with 401, as an agent whose credentials do not match would
  agent.behave((r) =>
    r.method === 'GET' ? { status: 200, text: '{"state": "running"}' } : { status: 401, text: 'not authenticated' },
  )
  await store.put('/service/secret/config', JSON.stringify({ ttl: 30, loop_wait: 10, retry_timeout: 10 }))
  await store.put('/service/secret/leader', 'pg1')
  await store.put(
    '/service/secret/members/pg1',
    JSON.stringify({
      conn_url: `postgres://127.0.0.1:${await closedPort()}/postgres`,
      api_url: agent.apiUrl,
      state: 'running',
      role: 'master',
    }),
  )
  await store.put(
    '/service/secret/members/pg2',
    JSON.stringify({
      conn_url: `postgres://127.0.0.1:${await closedPort()}/postgres`,
      api_url: agent.apiUrl,
      state: 'running',
      role: 'replica',
    }),
  )
  const rest = `restapi:\n  authentication:\n    username: admin\n    password: ${SECRETS.restAuth}\nctl:\n  authentication:\n    username: admin\n    password: ${SECRETS.restAuth}\n  keyfile_password: ${SECRETS.keyPassword}\n`
  writeFileSync(live, `scope: secret\netcd3:\n  url: http://root:${SECRETS.dcsUrl}@${etcd.endpoint}\n${rest}`)
  writeFileSync(
    dead,
    `scope: secret\netcd3:\n  hosts: 127.0.0.1:${await closedPort()}\n  username: root\n  password: ${SECRETS.dcsField}\n${rest}`,
  )
}, 60_000)
afterAll(async () => {
  await store?.close()
  await agent?.stop()
  await etcd?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const COMMANDS: string[][] = [
  ['list'],
  ['list', '-f', 'json'],
  ['topology'],
  ['show-config'],
  ['history'],
  ['dsn'],
  ['version', 'secret'],
  ['query', '-c', 'select 1'],
  ['query', '-c', 'select 1', '--password'],
  ['edit-config', '-s', 'ttl=40', '--force'],
  ['edit-config', '-s', 'ttl=40', '--force', '--json'],
  ['switchover', '--candidate', 'pg2', '--force'],
  ['switchover', '--candidate', 'pg2', '--force', '--dry-run'],
  ['switchover', '--candidate', 'pg2', '--force', '--json'],
  ['failover', '--candidate', 'pg2', '--force'],
  ['restart', 'secret', '--force'],
  ['restart', 'secret', '--force', '--dry-run'],
  ['reload', 'secret', '--force', '--json'],
  ['reinit', 'secret', 'pg2', '--force'],
  ['flush', 'secret', 'restart', '--force'],
  ['pause'],
  ['resume'],
  ['remove', 'secret'],
  ['demote-cluster', '--host', 'h', '--force'],
  ['promote-cluster', '--force'],
  ['check'],
  ['haproxy'],
  ['list', '--timeout', 'abc'],
  ['list', '-f', 'nosuch'],
  ['nosuchcommand'],
]

async function runAll(): Promise<CliResult[]> {
  const runs: Array<() => Promise<CliResult>> = []
  for (const cmd of COMMANDS) {
    for (const config of [live, dead]) runs.push(() => ptctl(['-c', config, ...cmd], { env, input: `${SECRETS.pg}\n` }))
    // credentials in -d and $DCS_URL, in URLs that are wrong in every way the parser checks
    runs.push(() => ptctl(['-d', `etcd3://root:${SECRETS.dashD}@127.0.0.1:99999`, ...cmd], { env }))
    runs.push(() => ptctl(['-d', `etcd3://root:${SECRETS.dashD}@[::1`, ...cmd], { env }))
    runs.push(() => ptctl(['-d', `etcd3://root:${SECRETS.dashD}@127.0.0.1: 1`, ...cmd], { env }))
    runs.push(() => ptctl(['-d', `etcd3://127.0.0.1:1,root:${SECRETS.dashD}@h:x`, ...cmd], { env }))
    runs.push(() => ptctl(cmd, { env: { ...env, DCS_URL: `zookeeper://u:${SECRETS.dcsUrlEnv}@127.0.0.1:70000` } }))
    runs.push(() =>
      ptctl(['-d', `consul://u:${SECRETS.dashD}@127.0.0.1:${etcd.port}`, '--timeout', '1', ...cmd], { env }),
    )
  }
  const results: CliResult[] = []
  // four at a time: the machine has two cores and other test files
  for (let i = 0; i < runs.length; i += 4) results.push(...(await Promise.all(runs.slice(i, i + 4).map((r) => r()))))
  return results
}

describe('no password ever reaches stdout or stderr', () => {
  it('over every command, its error paths and its JSON, dry-run and progress output', async () => {
    const results = await runAll()
    expect(results.length).toBe(COMMANDS.length * 8)
    // the runs did reach the places secrets could leak from: failures of every kind, and successes
    const codes = new Set(results.map((r) => r.code))
    for (const code of [0, 1, 2, 3]) expect(codes, `exit ${code}`).toContain(code)
    const leaks = results.flatMap((r) =>
      Object.entries(SECRETS).flatMap(([name, secret]) =>
        `${r.stdout}${r.stderr}`.includes(secret) ? [`${name} in:\n${r.stdout}${r.stderr}`] : [],
      ),
    )
    expect(leaks).toEqual([])
  }, 300_000)

  it('the credentials in etcd3.url are used as Patroni uses them, not taken for a host', async () => {
    const r = await ptctl(['-c', live, 'list', '--json'], { env })
    expect(r.code, r.stderr).toBe(0)
    // this etcd has no authentication: like Patroni, ptctl goes on without the credentials and says so
    expect(r.stderr).toMatch(/Warning: etcd3 http:\/\/127\.0\.0\.1:\d+ has authentication disabled/)
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(2)
  })
})
