// Latency from a DCS write to the line that shows it: `ptctl events`, `ptctl list -W` (both driven by the DCS's
// change notifications) and `patronictl list -W` (a full read every 2 s), on a real etcd v3 and a real ZooKeeper
// holding a synthetic three-member cluster; and the DCS load of a `ptctl list -W` left running on a live cluster.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { Etcd3Store } from '../dist/dcs/etcd3-store.js'
import { ZooKeeperStore } from '../dist/dcs/zookeeper-store.js'
import { median } from './lib.js'
import { loopbackSettings, startEtcd, startZooKeeper } from './servers.js'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const percentile = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]

const member = (i, timeline) =>
  JSON.stringify({
    conn_url: `postgres://10.0.0.${i + 1}:5432/postgres`,
    api_url: `http://10.0.0.${i + 1}:8008/patroni`,
    state: 'running',
    role: i === 0 ? 'master' : 'replica',
    version: '3.0.2',
    xlog_location: 67108960,
    timeline,
  })

async function writeDemo(store) {
  await store.put('/service/demo/initialize', '7277694203142172922')
  await store.put('/service/demo/config', JSON.stringify({ ttl: 30, loop_wait: 10 }))
  await store.put('/service/demo/leader', 'demo-m0')
  await store.put('/service/demo/status', JSON.stringify({ optime: 67108960 }))
  for (let i = 0; i < 3; i++) await store.put(`/service/demo/members/demo-m${i}`, member(i, 3))
}

/** A command left running; `waitFor` gives the arrival time of the output that first makes `seen` true. */
function follow(command, args, env = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let text = ''
  let stderr = ''
  const waiters = new Set()
  child.stdout.on('data', (d) => {
    const at = performance.now()
    text += d
    for (const w of [...waiters]) w(at)
  })
  child.stderr.on('data', (d) => (stderr += d))
  const exited = new Promise((r) => child.once('close', r))
  return {
    mark: () => text.length,
    lines: () => text.split('\n').filter((l) => l.trim() !== '').length,
    waitFor: (from, seen, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`${args.join(' ')}: nothing seen within ${timeoutMs} ms; stderr: ${stderr}`))
        }, timeoutMs)
        const check = (at) => {
          if (!seen(text.slice(from))) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve(at)
        }
        waiters.add(check)
      }),
    stop: async () => {
      child.kill('SIGINT')
      await exited
      return stderr
    },
  }
}

/** demo-m1's row in a list table (patronictl 3.0.2 or ptctl) shows timeline `tl`. */
const rowShows = (tl) => (text) =>
  new RegExp(`\\| demo-m1 +\\|[^|\\n]*\\|[^|\\n]*\\|[^|\\n]*\\| +${tl} +\\|`).test(text)
const eventShows = (tl) => (text) =>
  text.split('\n').some((l) => l.includes('"timeline-changed"') && l.includes('"demo-m1"') && l.includes(`"to":${tl}`))

/** `n` changes of demo-m1's timeline, each after a random pause, each timed from just before the write. */
async function latencies(store, watcher, seen, n, maxPauseMs, first) {
  const out = []
  for (let i = 0; i < n; i++) {
    await sleep(Math.random() * maxPauseMs)
    const tl = first + i
    const from = watcher.mark()
    const t0 = performance.now()
    await store.put('/service/demo/members/demo-m1', member(1, tl))
    out.push((await watcher.waitFor(from, seen(tl), 15_000)) - t0)
  }
  return out
}

/** patronictl 3.0.2 takes no etcd3:// URL: a config file with the DCS section instead. */
function patronictlConfig(section, port) {
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-bench-events-'))
  const file = join(dir, 'patronictl.yaml')
  writeFileSync(file, `${section}:\n  hosts:\n  - 127.0.0.1:${port}\n`)
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

const stats = (xs) => ({
  median: median(xs),
  p95: percentile(xs, 95),
  min: Math.min(...xs),
  max: Math.max(...xs),
  n: xs.length,
})

async function oneBackend(kind, dcs, store, samples, log) {
  await writeDemo(store)
  let next = 10
  const run = async (label, command, args, seen, n, pause) => {
    log(`  ${kind}: ${label}, ${n} changes`)
    const w = follow(command, args)
    await sleep(1500) // started and watching (or polling)
    const xs = await latencies(store, w, seen, n, pause, next)
    next += n
    await w.stop()
    return { label, ...stats(xs) }
  }
  const url = `${dcs.scheme}://127.0.0.1:${dcs.port}`
  const theirs = patronictlConfig(dcs.section, dcs.port)
  try {
    return [
      await run(
        'ptctl events',
        process.execPath,
        [bin, '-d', url, 'events', 'demo', '--json'],
        eventShows,
        samples,
        100,
      ),
      await run('ptctl list -W', process.execPath, [bin, '-d', url, 'list', 'demo', '-W'], rowShows, samples, 100),
      // a change lands anywhere in patronictl's 2 s cycle: pauses spread over the whole cycle
      await run(
        'patronictl list -W',
        '/usr/bin/patronictl',
        ['-c', theirs.file, 'list', 'demo', '-W'],
        rowShows,
        Math.ceil(samples / 3),
        2000,
      ),
    ]
  } finally {
    theirs.remove()
  }
}

export async function runEventLatency(samples, log) {
  const backends = [
    { name: 'etcd v3', start: startEtcd, Store: Etcd3Store, scheme: 'etcd3' },
    { name: 'ZooKeeper', start: startZooKeeper, Store: ZooKeeperStore, scheme: 'zookeeper' },
  ]
  const rows = []
  for (const { name, start, Store, scheme } of backends) {
    const server = await start()
    const store = new Store(loopbackSettings(scheme, server.port), 5000)
    try {
      const target = { scheme, section: scheme, port: server.port }
      for (const r of await oneBackend(name, target, store, samples, log)) rows.push({ backend: name, ...r })
    } finally {
      await store.close()
      await server.stop()
    }
  }
  return rows
}

/**
 * A `ptctl list -W` left on the live sandbox cluster for `seconds`, with `ptctl events` beside it counting the
 * meaningful changes; the round trips and notifications are ptctl's own count (PTCTL_DCS_STATS).
 */
export async function runWatchLoad(config, seconds, log) {
  log(`list -W on the sandbox for ${seconds} s`)
  const list = follow(process.execPath, [bin, '-c', config, 'list', '-W'], { PTCTL_DCS_STATS: '1' })
  const events = follow(process.execPath, [bin, '-c', config, 'events', '--json'])
  await sleep(seconds * 1000)
  const stderr = await list.stop()
  const told = events.lines()
  await events.stop()
  const m = /dcs round trips: (\d+)(?: \(\+(\d+) watch notifications\))?/.exec(stderr)
  return {
    seconds,
    roundTrips: Number(m?.[1] ?? NaN),
    notifications: Number(m?.[2] ?? 0),
    changes: told,
    patronictlReads: Math.floor(seconds / 2),
  }
}
