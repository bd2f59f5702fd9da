import { spawn, execFileSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { Etcd3Store } from '../../src/dcs/etcd3-store.js'
import { PTCTL, ptctl, type CliResult } from '../helpers/cli.js'
import { closedPort, startBlackHole, startEtcd, type EtcdServer } from '../helpers/etcd-server.js'
import {
  patroniAnswer,
  startFakeAgent,
  type AgentBehaviour,
  type AgentRequest,
  type FakeAgent,
} from '../helpers/fake-agent.js'
import { startStallProxy } from '../helpers/stall-proxy.js'
import { tempDir, trackProcess } from '../helpers/leftovers.js'

/**
 * Faults a DBA meets in an incident, against a real etcd and FAKE agents (HTTP servers answering as Patroni 3.0.2
 * does, or answering garbage, 500, 401, HTML, slowly, or not at all): every case ends with the documented exit
 * code, one `Error:` line, within its deadline, and the DCS as it was (unless the case is a documented write).
 */

let etcd: EtcdServer
let store: Etcd3Store
const agents: Record<string, FakeAgent> = {}
const dir = tempDir('ptctl-faults-')
const config = join(dir, 'patronictl.yaml')
const holes: Array<{ stop(): Promise<void> }> = []

async function writeCluster(): Promise<void> {
  await store.deletePrefix('/service/faulty/')
  await store.put('/service/faulty/initialize', '7400000000000000000')
  await store.put(
    '/service/faulty/config',
    JSON.stringify({ ttl: 30, loop_wait: 10, retry_timeout: 10, maximum_lag_on_failover: 1048576 }),
  )
  await store.put('/service/faulty/leader', 'pg1')
  await store.put('/service/faulty/status', JSON.stringify({ optime: 67108960 }))
  let port = 7432
  for (const [name, role] of [
    ['pg1', 'master'],
    ['pg2', 'replica'],
    ['pg3', 'replica'],
  ] as const) {
    await store.put(
      `/service/faulty/members/${name}`,
      JSON.stringify({
        conn_url: `postgres://127.0.0.1:${port++}/postgres`,
        api_url: agents[name]?.apiUrl,
        state: 'running',
        role,
        version: '3.0.2',
        xlog_location: 67108960,
        timeline: 1,
      }),
    )
  }
}

/** Every key but the members, whose data Patroni rewrites on its own. */
async function dump(): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const r of await store.list('/service/faulty/')) if (!r.key.includes('/members/')) out[r.key] = r.value
  return out
}

beforeAll(async () => {
  etcd = await startEtcd()
  store = new Etcd3Store(
    { kind: 'etcd3', hosts: [etcd.endpoint], protocol: 'http', tls: { insecure: false }, section: {} },
    5000,
  )
  for (const name of ['pg1', 'pg2', 'pg3']) agents[name] = await startFakeAgent(name)
  writeFileSync(config, `scope: faulty\nnamespace: /service/\netcd3:\n  hosts: ${etcd.endpoint}\n`)
}, 60_000)
beforeEach(async () => {
  for (const a of Object.values(agents)) {
    a.requests.length = 0
    a.behave((r) => patroniAnswer(a.name, r))
  }
  await writeCluster()
})
afterAll(async () => {
  await store?.close()
  await Promise.all(holes.map((h) => h.stop()))
  await Promise.all(Object.values(agents).map((a) => a.stop()))
  await etcd?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const HTML = '<html><head><title>Login</title></head><body>Please sign in</body></html>'
const answer =
  (b: AgentBehaviour) =>
  (r: AgentRequest): AgentBehaviour =>
    r.method === 'GET' ? patroniAnswer('pg', r) : b

interface FaultCase {
  readonly args: string[]
  /** what the leader's agent (pg1) and pg2's do with changing requests */
  readonly pg1?: AgentBehaviour
  readonly pg2?: AgentBehaviour
  readonly code: number
  readonly error: RegExp
  /** the longest the command may take: its deadline plus start-up, generously */
  readonly withinMs: number
}

const CASES: Array<[string, FaultCase]> = [
  [
    'switchover: the leader answers 500',
    {
      args: ['switchover', '--candidate', 'pg2', '--force'],
      pg1: { status: 503, text: 'Switchover failed' },
      code: 1,
      error: /^Error: Switchover failed, details: 503, Switchover failed$/,
      withinMs: 10_000,
    },
  ],
  [
    'switchover: the leader refuses the credentials (401): no DCS fallback',
    {
      args: ['switchover', '--candidate', 'pg2', '--force'],
      pg1: { status: 401, text: 'no auth header received' },
      code: 1,
      error: /^Error: Switchover failed, details: 401, no auth header received$/,
      withinMs: 10_000,
    },
  ],
  [
    'switchover: an HTML page answers 200 (not Patroni)',
    {
      args: ['switchover', '--candidate', 'pg2', '--force'],
      pg1: { status: 200, text: HTML },
      code: 6,
      error:
        /^Error: Switchover outcome unknown \(pg1: unexpected answer \(200, .*\): not Patroni's answer\): no new leader seen/,
      withinMs: 10_000,
    },
  ],
  [
    'switchover: garbage instead of HTTP',
    {
      args: ['switchover', '--candidate', 'pg2', '--force'],
      pg1: { raw: '\x00\x01garbage\r\n\r\n' },
      code: 6,
      error: /^Error: Switchover outcome unknown \(pg1: cannot reach .*: the answer is not HTTP\)/,
      withinMs: 10_000,
    },
  ],
  [
    'switchover: the leader takes the request and never answers (--timeout 1)',
    {
      args: ['--timeout', '1', 'switchover', '--candidate', 'pg2', '--force'],
      pg1: { hang: true },
      code: 6,
      error: /^Error: Switchover outcome unknown \(pg1: cannot reach .*: no answer within 1s\)/,
      withinMs: 10_000,
    },
  ],
  [
    'switchover: a slow answer past --timeout',
    {
      args: ['switchover', '--candidate', 'pg2', '--force', '--timeout', '1'],
      pg1: { status: 200, text: 'Successfully switched over to "pg2"', delayMs: 4000 },
      code: 6,
      error: /no answer within 1s/,
      withinMs: 10_000,
    },
  ],
  [
    'switchover: another switchover won ("instead of")',
    {
      args: ['switchover', '--candidate', 'pg2', '--force'],
      pg1: { status: 200, text: 'Switched over to "pg3" instead of "pg2"' },
      code: 1,
      error: /^Error: Switchover went to pg3, not to pg2: another request won/,
      withinMs: 10_000,
    },
  ],
  [
    'restart: 500',
    {
      args: ['restart', 'faulty', 'pg2', '--force'],
      pg2: { status: 500, text: 'restart failed' },
      code: 1,
      error: /^Error: restart failed on pg2$/,
      withinMs: 10_000,
    },
  ],
  [
    'restart: an HTML page answers 200',
    {
      args: ['restart', 'faulty', 'pg2', '--force'],
      pg2: { status: 200, text: HTML },
      code: 6,
      error: /^Error: restart outcome unknown on pg2$/,
      withinMs: 10_000,
    },
  ],
  [
    'restart: a frozen agent with --request-timeout 2 (not 120 s)',
    {
      args: ['restart', 'faulty', 'pg2', '--force', '--request-timeout', '2'],
      pg2: { hang: true },
      code: 6,
      error: /^Error: restart outcome unknown on pg2$/,
      withinMs: 12_000,
    },
  ],
  [
    'reload: 401',
    {
      args: ['reload', 'faulty', 'pg2', '--force'],
      pg2: { status: 401, text: 'not authenticated' },
      code: 1,
      error: /^Error: reload failed on pg2$/,
      withinMs: 10_000,
    },
  ],
  [
    'reinit: garbage',
    {
      args: ['reinit', 'faulty', 'pg2', '--force'],
      pg2: { raw: 'HELLO\r\n' },
      code: 6,
      error: /^Error: reinitialize outcome unknown on pg2$/,
      withinMs: 10_000,
    },
  ],
  [
    'pause: the agent answers a configuration without pause',
    {
      args: ['pause'],
      pg1: { status: 200, text: '{"ttl": 30}' },
      code: 1,
      error: /^Error: pause: pg1 answered a configuration without pause: true$/,
      withinMs: 10_000,
    },
  ],
  [
    'version: one agent hangs (--timeout 1)',
    {
      args: ['--timeout', '1', 'version', 'faulty'],
      pg2: { hang: true },
      code: 4,
      error: /^Error: could not reach the REST API of pg2 for its version$/,
      withinMs: 10_000,
    },
  ],
]

async function runFault(k: FaultCase): Promise<CliResult> {
  if (k.pg1) agents['pg1']?.behave(answer(k.pg1))
  if (k.pg2) agents['pg2']?.behave(answer(k.pg2))
  // version asks GET /patroni: a hanging agent hangs on reads too
  if (k.args.includes('version') && k.pg2 && 'hang' in k.pg2) agents['pg2']?.behave(() => ({ hang: true }))
  return ptctl(['-c', config, ...k.args], { timeoutMs: 60_000 })
}

describe('agents that fail, refuse, answer garbage or nothing: exit code, one line, within the deadline, DCS as it was', () => {
  it.each(CASES)('%s', async (_name, k) => {
    const before = await dump()
    const r = await runFault(k)
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error:'))
    expect(errors, r.stderr).toHaveLength(1)
    expect(errors[0], r.stderr).toMatch(k.error)
    expect(r.code, r.stderr).toBe(k.code)
    expect(r.ms).toBeLessThan(k.withinMs)
    expect(await dump()).toEqual(before)
    // Patroni was never told "done" where it was not
    expect(r.stdout).not.toMatch(/Successfully|Success:/)
  })

  it("an agent that cannot be reached at all (nothing sent): patronictl's DCS fallback writes the failover key", async () => {
    const closed = await closedPort()
    await store.put(
      '/service/faulty/members/pg1',
      JSON.stringify({
        conn_url: 'postgres://127.0.0.1:7432/postgres',
        api_url: `http://127.0.0.1:${closed}/patroni`,
        state: 'running',
        role: 'master',
        timeline: 1,
      }),
    )
    const r = await ptctl(['-c', config, 'switchover', '--candidate', 'pg2', '--force'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Could not switchover using Patroni api, falling back to DCS/)
    expect(r.stderr).toMatch(/requested through the DCS failover key \(connection refused\); not confirmed: use --wait/)
    expect(JSON.parse((await dump())['/service/faulty/failover'] ?? '{}')).toEqual({ leader: 'pg1', member: 'pg2' })
  })

  it('flush switchover: every agent refuses (401): the failover key is left alone', async () => {
    await store.put(
      '/service/faulty/failover',
      JSON.stringify({ leader: 'pg1', member: 'pg2', scheduled_at: '2030-01-01T00:00:00+00:00' }),
    )
    for (const a of Object.values(agents)) a.behave(answer({ status: 401, text: 'not authenticated' }))
    const before = await dump()
    const r = await ptctl(['-c', config, 'flush', 'faulty', 'switchover'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^Error: Failed: the members refused to delete the scheduled switchover .*the DCS was not touched$/m,
    )
    expect(await dump()).toEqual(before)
  })
})

describe('a DCS that does not answer: exit 3 within the timeout', () => {
  it.each([
    [
      'a black-holed endpoint',
      async () => {
        const hole = await startBlackHole()
        holes.push(hole)
        return hole.port
      },
    ],
    [
      'an endpoint that answers a few bytes, then stalls',
      async () => {
        const proxy = await startStallProxy(etcd.port, 20)
        holes.push(proxy)
        return proxy.port
      },
    ],
    ['a dead endpoint', async () => closedPort()],
  ])('%s', async (_name, endpoint) => {
    const port = await endpoint()
    const r = await ptctl(['-d', `etcd3://127.0.0.1:${port}`, '--timeout', '1', 'list', 'faulty'])
    expect(r.code, r.stderr).toBe(3)
    expect(r.stderr).toMatch(/^Error: Cannot read from etcd3 \(http:\/\/127\.0\.0\.1:\d+: .*\)\n$/)
    expect(r.ms).toBeLessThan(10_000)
  })

  it('one endpoint of three down or hung: the live one answers', async () => {
    const hole = await startBlackHole()
    holes.push(hole)
    const r = await ptctl([
      '-d',
      `etcd3://127.0.0.1:${await closedPort()},127.0.0.1:${hole.port},${etcd.endpoint}`,
      '--timeout',
      '1',
      'list',
      'faulty',
      '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(3)
  })
})

describe('a command-wide deadline bounds every call in it', () => {
  it('check --timeout 2 on a black-holed DCS: UNKNOWN, and its DCS read was given at most the 2 s of the run', async () => {
    const hole = await startBlackHole()
    holes.push(hole)
    // the per-call timeout (ctl timeout, 10 s here) would let the one DCS read outlast the run
    const r = await ptctl([
      '-d',
      `etcd3://127.0.0.1:${hole.port}`,
      '--timeout',
      '10',
      'check',
      'faulty',
      '--timeout',
      '2',
    ])
    expect(r.code, r.stderr + r.stdout).toBe(3)
    const seconds = /no answer within ([\d.]+)s/.exec(r.stdout + r.stderr)?.[1]
    expect(seconds, r.stdout + r.stderr).toBeDefined()
    expect(Number(seconds)).toBeLessThanOrEqual(2)
  })
})

/**
 * Runs ptctl in a process group of its own and, once `ready()` holds (checked every 50 ms: the request reached the
 * agent, the editor started), sends SIGINT to the whole group, as a terminal's Ctrl-C reaches every process of the
 * foreground job (an editor ptctl started included). Never on a timer: a slow start must not change what is tested.
 */
function interrupted(args: string[], o: { ready: () => boolean; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(PTCTL[0], [...PTCTL.slice(1), ...args], {
      env: { ...process.env, NO_COLOR: '1', ...o.env },
      detached: true,
    })
    const forget = trackProcess(child.pid)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const poll = setInterval(() => {
      const late = Date.now() - started > 30_000
      if (!o.ready() && !late) return
      clearInterval(poll)
      // the group of the child just started (its PID is the group's id): never a group this test did not make
      if (child.pid !== undefined && child.pid > 1) process.kill(-child.pid, 'SIGINT')
      if (late) reject(new Error(`ptctl ${args.join(' ')} never reached the point to interrupt; stderr: ${stderr}`))
    }, 50)
    child.on('close', (code) => {
      clearInterval(poll)
      forget()
      resolve({ code: code ?? 1, stdout, stderr, ms: Date.now() - started })
    })
  })
}

describe('Ctrl-C: one line saying what was sent, temporary files removed, exit 130', () => {
  it('during a switchover the agent has not answered yet', async () => {
    agents['pg1']?.behave(answer({ hang: true }))
    const before = agents['pg1']?.requests.length ?? 0
    const r = await interrupted(['-c', config, 'switchover', '--candidate', 'pg2', '--force'], {
      ready: () =>
        agents['pg1']?.requests.slice(before).some((q) => q.method === 'POST' && q.path === '/switchover') === true,
    })
    expect(r.code).toBe(130)
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      "Error: Interrupted after sending POST /switchover to pg1: it may still be carried out; check with 'ptctl list'",
    )
  })

  it('in $EDITOR: the temporary file is removed', async () => {
    const seen = join(dir, 'editor-file')
    const editor = join(dir, 'slow-editor.sh')
    writeFileSync(editor, `#!/bin/sh\necho "$1" > ${seen}\nsleep 30\n`)
    chmodSync(editor, 0o755)
    const r = await interrupted(['-c', config, 'edit-config'], {
      ready: () => existsSync(seen),
      env: { EDITOR: editor },
    })
    expect(r.code).toBe(130)
    const file = readFileSync(seen, 'utf8').trim()
    expect(file).toMatch(/faulty-config-\d+\.yaml$/)
    expect(existsSync(file)).toBe(false)
    expect(r.stderr.trim().split('\n')).toEqual(['Error: Interrupted: nothing was sent, nothing changed'])
  })
})

describe('inputs that must be refused at once (exit 2), nothing written', () => {
  const fifo = join(dir, 'fifo')
  const big = join(dir, 'big.yaml')
  const recursive = join(dir, 'recursive.yaml')
  beforeAll(() => {
    execFileSync('mkfifo', [fifo])
    writeFileSync(big, `ttl: 30\n# ${'x'.repeat(9 * 1024 * 1024)}\n`)
    writeFileSync(recursive, 'postgresql: &p\n  parameters: *p\n')
  })
  it.each([
    ['-c /dev/zero', ['-c', '/dev/zero', 'list'], /^Error: Cannot read config file \/dev\/zero: not a regular file$/],
    ['-c FIFO', () => ['-c', fifo, 'list'], /not a regular file$/],
    ['--apply of 9 MB', ['edit-config', '--apply', big, '--force'], /larger than 8388608 bytes$/],
    [
      '--apply a recursive alias',
      ['edit-config', '--apply', recursive, '--force'],
      /is not valid YAML: a recursive alias/,
    ],
    ['--timeout 99999999999', ['--timeout', '99999999999', 'list'], /at most 86400 seconds/],
    [
      'restart --timeout -5',
      ['restart', 'faulty', '--timeout', '-5', '--force'],
      /^Error: Invalid value for --timeout: -5/,
    ],
    ['--apply with --replace', ['edit-config', '--apply', big, '--replace', big, '--force'], /mutually exclusive/],
  ] as Array<[string, string[] | (() => string[]), RegExp]>)('%s', async (_name, args, error) => {
    const before = await dump()
    const argv = typeof args === 'function' ? args() : args
    const r = await ptctl(argv[0] === '-c' ? argv : ['-c', config, ...argv], { timeoutMs: 20_000 })
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr.trim()).toMatch(error)
    expect(r.ms).toBeLessThan(10_000)
    expect(await dump()).toEqual(before)
  })

  it('--replace - with empty stdin is refused, nothing written', async () => {
    const before = await dump()
    const r = await ptctl(['-c', config, 'edit-config', '--replace', '-', '--force'], { input: '' })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('Error: stdin is empty: nothing written\n')
    expect(await dump()).toEqual(before)
  })

  it('--json on an error prints one JSON error document', async () => {
    const r = await ptctl(['-c', config, 'switchover', 'nosuch', '--force', '--json'])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toEqual({
      error: { kind: 'action', exitCode: 1, message: expect.stringMatching(/^Cluster nosuch not found/) as unknown },
    })
  })
})
