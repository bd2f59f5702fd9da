import { spawn } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { Etcd3Store } from '../../src/dcs/etcd3-store.js'
import { BIN, run } from '../helpers/cli.js'
import { startEtcd, type EtcdServer } from '../helpers/etcd-server.js'
import { startFakeAgent, type FakeAgent } from '../helpers/fake-agent.js'
import { tempDir, trackProcess } from '../helpers/leftovers.js'

/**
 * Where the output goes wrong, not the cluster: stdout closed (`>&-`), a full disk (`>/dev/full`), a reader that
 * goes away (`| head -3`), the terminal hung up. A real etcd holds the cluster; its agents are FAKE (HTTP servers
 * answering as Patroni 3.0.2 does), as only ptctl's own side is under test.
 */

let etcd: EtcdServer
let store: Etcd3Store
const agents: FakeAgent[] = []
const dir = tempDir('ptctl-output-')
const config = join(dir, 'patronictl.yaml')

beforeAll(async () => {
  etcd = await startEtcd()
  store = new Etcd3Store(
    { kind: 'etcd3', hosts: [etcd.endpoint], protocol: 'http', tls: { insecure: false }, section: {} },
    5000,
  )
  await store.put('/service/out/initialize', '7400000000000000000')
  await store.put('/service/out/config', JSON.stringify({ ttl: 30, loop_wait: 10, retry_timeout: 10 }))
  await store.put('/service/out/leader', 'pg1')
  await store.put('/service/out/history', JSON.stringify([[1, 25165984, 'no recovery target specified']]))
  for (const [i, name] of ['pg1', 'pg2'].entries()) {
    const agent = await startFakeAgent(name)
    agents.push(agent)
    await store.put(
      `/service/out/members/${name}`,
      JSON.stringify({
        conn_url: `postgres://127.0.0.1:${7432 + i}/postgres`,
        api_url: agent.apiUrl,
        state: 'running',
        role: i === 0 ? 'master' : 'replica',
        version: '3.0.2',
        xlog_location: 67108960,
        timeline: 2,
      }),
    )
  }
  writeFileSync(config, `scope: out\nnamespace: /service/\netcd3:\n  hosts: ${etcd.endpoint}\n`)
}, 60_000)

afterAll(async () => {
  await store?.close()
  await Promise.all(agents.map((a) => a.stop()))
  await etcd?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** ptctl through a shell, so the redirection is the caller's own; started as an installed ptctl is (its own launcher). */
const shell = (redirected: string) =>
  run('/bin/sh', ['-c', `"${BIN}" -c "${config}" ${redirected}`], { timeoutMs: 30_000 })

const PRINTING = ['list', 'list --json', 'list -f tsv', 'show-config', 'history', 'topology', 'dsn out', 'version']

describe('output that cannot be written is a failure said on stderr, never a crash', () => {
  it.each(PRINTING)('%s >/dev/full: exit 1 and one line naming the full device', async (command) => {
    const r = await shell(`${command} >/dev/full`)
    expect([r.code, r.stderr]).toEqual([
      1,
      'Error: could not write the output (no space left on the device (ENOSPC))\n',
    ])
  })

  it.each(PRINTING)('%s >&- (stdout closed): exit 1 and one line saying so', async (command) => {
    const r = await shell(`${command} >&-`)
    expect([r.code, r.stderr]).toEqual([1, 'Error: could not write the output (stdout is closed)\n'])
  })

  // Node gives a closed stdout the same read-write /dev/null that these callers give: only ptctl's launcher tells them
  // apart, so discarding the output is never taken for closing it
  it.each(PRINTING)(
    '%s with its output discarded read-write (1<>/dev/null, as Go, Python, libuv do): exit 0',
    async (command) => {
      const r = await shell(`${command} 1<>/dev/null`)
      expect([r.code, r.stderr]).toEqual([0, ''])
    },
  )

  it("Python's subprocess.DEVNULL and Node's stdio 'ignore': exit 0, an action still done", async () => {
    const python = await run('/usr/bin/python3', [
      '-c',
      'import subprocess, sys; p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); sys.stderr.buffer.write(p.stderr); sys.exit(p.returncode)',
      BIN,
      '-c',
      config,
      'list',
    ])
    expect([python.code, python.stderr]).toEqual([0, ''])
    const ignored = await run(process.execPath, [
      '-e',
      `const r = require('node:child_process').spawnSync(process.argv[1], process.argv.slice(2), { stdio: ['ignore', 'ignore', 'pipe'] }); process.stderr.write(r.stderr); process.exit(r.status)`,
      BIN,
      '-c',
      config,
      'show-config',
    ])
    expect([ignored.code, ignored.stderr]).toEqual([0, ''])
  })

  it('an action whose output is lost still says what it sent: the request went out', async () => {
    const pg1 = agents[0] as FakeAgent
    pg1.requests.length = 0
    const r = await shell('pause out >/dev/full')
    expect([r.code, r.stderr]).toEqual([
      1,
      `Error: could not write the output (no space left on the device (ENOSPC)); sent anyway: PATCH /config to pg1\n`,
    ])
    expect(pg1.requests.map((q) => `${q.method} ${q.path}`)).toContain('PATCH /config')
  })

  it('a one-shot command whose output fits is untouched by a reader that stops early', async () => {
    const r = await run('/bin/bash', [
      '-c',
      `set -o pipefail; "${process.execPath}" "${BIN}" -c "${config}" list | head -1`,
    ])
    expect([r.code, r.stderr, r.stdout.startsWith('+ Cluster: out')]).toEqual([0, '', true])
  })
})

/** Starts a long-running ptctl with stdout piped to this test; resolves with its end (exit code, stderr). */
function follow(args: readonly string[]) {
  const child = spawn(process.execPath, [BIN, '-c', config, ...args], { env: { ...process.env, NO_COLOR: '1' } })
  const forget = trackProcess(child.pid)
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const firstOutput = new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())))
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once('close', (code, signal) => {
      forget()
      resolve({ code, signal, stderr })
    }),
  )
  return { child, firstOutput, ended }
}

/** The process's end, or a failure naming what did not end within `ms`. */
async function endsWithin<T>(what: string, ended: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([ended, late])
  } finally {
    clearTimeout(timer)
  }
}

describe('watches end when nobody reads, and signals are answered', () => {
  it.each([
    ['list -w 0.2', '+ Cluster: out'],
    ['topology -w 0.2', '+ Cluster: out'],
    ['events --since-start --json', '{'],
  ])('%s: the reader goes away (`| head -1`): the watch ends quietly, exit 0', async (command, first) => {
    const p = follow(command.split(' '))
    expect(await p.firstOutput).toContain(first)
    p.child.stdout.destroy()
    // events prints on changes only: one more change makes it write, and learn the reader is gone
    if (command.startsWith('events')) await store.put('/service/out/config', JSON.stringify({ ttl: 31 }))
    const end = await endsWithin(command, p.ended, 20_000)
    expect(end).toEqual({ code: 0, signal: null, stderr: '' })
  })

  it.each([
    ['SIGHUP', 129],
    ['SIGTERM', 143],
  ] as const)('list -W: %s ends it with exit %d and the interrupt line', async (signal, code) => {
    const p = follow(['list', '-W'])
    expect(await p.firstOutput).toContain('+ Cluster: out')
    p.child.kill(signal)
    const end = await endsWithin(`list -W after ${signal}`, p.ended, 20_000)
    expect(end).toEqual({ code, signal: null, stderr: 'Error: Interrupted: nothing was sent, nothing changed\n' })
  })
})
