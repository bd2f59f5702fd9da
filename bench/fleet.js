// check --all over a fleet: 10, 100 and 1,000 clusters × 3 members in a real etcd, their REST addresses served by a
// SIMULATED agent process (bench/sim-agents.js, not Patroni) on loopback. Wall time, peak RSS, DCS round trips and
// the most sockets the agents saw open at once, against a single-cluster check.
import { spawn, spawnSync } from 'node:child_process'
import { get } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

import { Etcd3Store } from '../dist/dcs/etcd3-store.js'
import { compare } from './lib.js'
import { loopbackSettings, startEtcd } from './servers.js'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const SIM = fileURLToPath(new URL('./sim-agents.js', import.meta.url))
const SIZES = [10, 100, 1000]

async function startAgents(count) {
  const child = spawn(process.execPath, [SIM, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve))
  const { ports, control } = JSON.parse(line)
  return {
    ports,
    // a fresh connection each time (agent: false): the control server closes idle ones
    stats: () =>
      new Promise((resolve, reject) => {
        get({ host: '127.0.0.1', port: control, path: '/stats', agent: false }, (res) => {
          let body = ''
          res.on('data', (d) => (body += d))
          res.on('end', () => resolve(JSON.parse(body)))
        }).on('error', reject)
      }),
    stop: () => child.kill('SIGTERM'),
  }
}

const member = (i, port) =>
  JSON.stringify({
    conn_url: `postgres://127.0.0.1:${20000 + (i % 40000)}/postgres`,
    api_url: `http://127.0.0.1:${port}/patroni`,
    state: 'running',
    role: i % 3 === 0 ? 'master' : 'replica',
    version: '3.0.2',
    xlog_location: 67108960,
    timeline: 1,
  })

async function writeFleet(store, namespace, clusters, ports) {
  for (let c = 0; c < clusters; c += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, clusters - c) }, async (_, j) => {
        const k = c + j
        const p = `/${namespace}/c${String(k).padStart(4, '0')}/`
        await store.put(`${p}initialize`, '7277694203142172922')
        await store.put(`${p}config`, JSON.stringify({ ttl: 30, loop_wait: 10 }))
        await store.put(`${p}leader`, `m${3 * k}`)
        await store.put(`${p}status`, JSON.stringify({ optime: 67108960 }))
        for (let m = 3 * k; m < 3 * k + 3; m++) await store.put(`${p}members/m${m}`, member(m, ports[m]))
      }),
    )
  }
}

function tripsOf(config, args) {
  const r = spawnSync(process.execPath, [bin, '-c', config, ...args], {
    env: { ...process.env, PTCTL_DCS_STATS: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  return { trips: Number(/dcs round trips: (\d+)/.exec(r.stderr)?.[1] ?? NaN), code: r.status, out: r.stdout }
}

export async function runFleet(reps, log) {
  const etcd = await startEtcd()
  const agents = await startAgents(3 * Math.max(...SIZES))
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-bench-fleet-'))
  const store = new Etcd3Store(loopbackSettings('etcd3', etcd.port), 10000)
  try {
    const configs = {}
    for (const n of SIZES) {
      log(`writing ${n} clusters × 3 members`)
      await writeFleet(store, `fleet${n}`, n, agents.ports)
      configs[n] = join(dir, `fleet${n}.yaml`)
      writeFileSync(configs[n], `scope: c0000\nnamespace: /fleet${n}/\netcd3:\n  hosts: 127.0.0.1:${etcd.port}\n`)
    }
    const rows = []
    const single = compare(
      [
        {
          name: 'check c0000',
          argv: [process.execPath, bin, '-c', configs[10], 'check', 'c0000', '--min-replicas', '2'],
        },
      ],
      reps,
    )[0]
    rows.push({
      label: 'check c0000 (one cluster)',
      ...single,
      trips: tripsOf(configs[10], ['check', 'c0000']).trips,
      maxOpen: undefined,
    })
    for (const n of SIZES) {
      log(`measuring check --all over ${n} clusters`)
      const argv = ['check', '--all', '--min-replicas', '2']
      const [r] = compare(
        [{ name: `check --all ${n}`, argv: [process.execPath, bin, '-c', configs[n], ...argv] }],
        reps,
      )
      await agents.stats() // reset the high-water mark
      const once = tripsOf(configs[n], argv)
      if (once.code !== 0)
        throw new Error(`check --all over ${n} clusters exited ${once.code}: ${once.out.slice(-300)}`)
      const { maxOpen } = await agents.stats()
      rows.push({ label: `check --all (${n.toLocaleString('en')} clusters × 3)`, ...r, trips: once.trips, maxOpen })
    }
    for (const n of SIZES) {
      log(`measuring doctor --all over ${n} clusters`)
      const argv = ['doctor', '--all']
      const [r] = compare(
        [{ name: `doctor --all ${n}`, argv: [process.execPath, bin, '-c', configs[n], ...argv] }],
        reps,
      )
      await agents.stats()
      const once = tripsOf(configs[n], argv)
      if (once.code !== 0)
        throw new Error(`doctor --all over ${n} clusters exited ${once.code}: ${once.out.slice(-600)}`)
      const { maxOpen } = await agents.stats()
      rows.push({ label: `doctor --all (${n.toLocaleString('en')} clusters × 3)`, ...r, trips: once.trips, maxOpen })
    }
    return { rows, concurrency: 64 }
  } finally {
    await store.close()
    agents.stop()
    await etcd.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
