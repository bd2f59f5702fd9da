import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { findFault, LogReader } from '../../src/sandbox/log-faults.js'
import { freePorts } from '../../src/sandbox/ports.js'
import { accountFrom, findUnreachable, type PathMode } from '../../src/sandbox/reach.js'

const log = (name: string) =>
  readFileSync(new URL(`../fixtures/sandbox-logs/${name}`, import.meta.url), 'utf8').split('\n')

describe('faults in a starting node log', () => {
  it('a healthy start (PostgreSQL refusing Patroni while it starts up) has none', () => {
    const lines = log('healthy-start.log')
    expect(lines.some((l) => l.includes('FATAL:  the database system is starting up'))).toBe(true)
    expect(findFault(lines)).toBeUndefined()
  })

  it("a working directory postgres cannot enter: the exception, with the traceback and initdb's words before it", () => {
    const fault = findFault(log('cwd-permission-denied.log'))
    expect(fault?.line).toMatch(/^could not change directory to "\/tmp\/.*": Permission denied$/)
    expect(fault?.context.at(-1)).toMatch(/^PermissionError: \[Errno 13\] Permission denied: '\/tmp\/.*'$/)
    // Patroni's heartbeat says nothing about it
    expect(fault?.context.some((l) => l.includes('Lock owner'))).toBe(false)
  })

  it('a burst of faults is named by its cause, the first of them', () => {
    const fault = findFault([
      '2026-12-04 16:27:01.118 UTC [1] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use',
      '2026-12-04 16:27:01.118 UTC [1] HINT:  Is another postmaster already running on port 5432?',
      '2026-12-04 16:27:01.118 UTC [1] FATAL:  could not create any TCP/IP sockets',
    ])
    expect(fault?.line).toContain('Address already in use')
    expect(fault?.context).toHaveLength(3)
  })

  it.each([
    ['2026-12-04 16:27:01.118 UTC [1] LOG:  could not bind IPv4 address "127.0.0.1": Address already in use'],
    ['2026-12-04 16:27:01.118 UTC [1] FATAL:  could not create any TCP/IP sockets'],
    ['2026-12-04 16:27:01.118 UTC [1] PANIC:  could not write to file "pg_wal/xlogtemp.1": No space left on device'],
    ['initdb: error: could not create directory "/x/data": Permission denied'],
    ['2026-12-04 16:27:01.118 UTC [1] FATAL:  data directory "/x" has invalid permissions'],
    ['OSError: [Errno 98] Address already in use'],
    ['2026-12-04 16:27:01.118 UTC [1] FATAL:  password authentication failed for user "postgres"'],
  ])('%s is a fault', (line) => {
    expect(findFault(['starting', line, 'Lock owner: None; I am pg1'])?.line).toBe(line)
  })

  it.each([
    ['2026-12-04 16:27:01.118 UTC [1] FATAL:  the database system is starting up'],
    ['2026-12-04 16:27:01.118 UTC [1] FATAL:  the database system is shutting down'],
    ['2026-12-04 16:27:01.118 UTC [1] FATAL:  terminating connection due to administrator command'],
    // a replica started before the leader made its slot: PostgreSQL retries, Patroni makes the slot (seen in CI)
    [
      '2026-12-05 05:50:26.831 UTC [19230] FATAL:  could not start WAL streaming: ERROR:  replication slot "pg2" does not exist',
    ],
    [
      '2026-12-05 05:50:26.831 UTC [19230] FATAL:  could not connect to the primary server: connection to server at "127.0.0.1", port 5432 failed: Connection refused',
    ],
    ['2026-12-04 16:27:01,030 INFO: Lock owner: None; I am pg3'],
  ])('%s is not', (line) => {
    expect(findFault([line])).toBeUndefined()
  })

  it('reads a log as it grows, a line at a time, keeping a line cut in half until it ends', () => {
    let content = 'one\ntw'
    const reader = new LogReader('f', (_f, from) => Buffer.from(content).subarray(from))
    expect(reader.poll()).toEqual(['one'])
    content += 'o\nthree\n'
    expect(reader.poll()).toEqual(['two', 'three'])
    expect(reader.poll()).toEqual([])
    expect(reader.lines).toEqual(['one', 'two', 'three'])
  })
})

describe('what the postgres account can reach', () => {
  const passwd = 'root:x:0:0::/root:/bin/sh\npostgres:x:105:111::/var/lib/postgresql:/bin/bash\n'
  const group = 'root:x:0:\nssl-cert:x:110:postgres\npostgres:x:111:\n'
  const postgres = accountFrom('postgres', passwd, group)
  const dir = (mode: number, uid = 0, gid = 0): PathMode => ({ mode, uid, gid, isDirectory: true })
  const tree: Record<string, PathMode> = {
    '/': dir(0o755),
    '/root': dir(0o700),
    '/root/c': dir(0o755),
    '/tmp': dir(0o1777),
    '/tmp/private': dir(0o750, 0, 110),
    '/tmp/private/sb': dir(0o755),
    '/usr': dir(0o755),
    '/usr/bin': dir(0o755),
    '/usr/bin/patroni': { mode: 0o755, uid: 0, gid: 0, isDirectory: false },
    '/usr/bin/secret': { mode: 0o700, uid: 0, gid: 0, isDirectory: false },
  }
  const stat = (p: string) => tree[p]

  it('reads the account and its groups from /etc/passwd and /etc/group', () => {
    expect(postgres).toEqual({ name: 'postgres', uid: 105, gids: [111, 110] })
    expect(accountFrom('nobody', passwd, group)).toBeUndefined()
  })

  it("a folder under root's home (0700) is out of reach, naming the folder that blocks and the fix", () => {
    const found = findUnreachable(
      postgres!,
      [{ path: '/root/c/sandbox', need: 'x', what: 'the sandbox directory' }],
      stat,
    )
    expect(found?.blocker).toBe('/root')
    expect(found?.message).toBe(
      'the postgres user cannot reach the sandbox directory /root/c/sandbox: /root is mode 0700 (owner uid 0); give a folder the postgres user can enter (--dir under /tmp), or chmod o+x /root',
    )
  })

  it('a group the account belongs to opens a folder; a program only its owner may run is refused', () => {
    expect(findUnreachable(postgres!, [{ path: '/tmp/private/sb', need: 'x', what: 'd' }], stat)).toBeUndefined()
    expect(
      findUnreachable(postgres!, [{ path: '/usr/bin/patroni', need: 'rx', what: 'Patroni' }], stat),
    ).toBeUndefined()
    expect(findUnreachable(postgres!, [{ path: '/usr/bin/secret', need: 'rx', what: 'x' }], stat)?.message).toContain(
      'cannot use x /usr/bin/secret (needs rx, mode 0700',
    )
  })

  it('root reaches everything; a path that does not exist yet is checked down to what exists', () => {
    expect(
      findUnreachable({ name: 'root', uid: 0, gids: [0] }, [{ path: '/root/c/x', need: 'x', what: 'd' }], stat),
    ).toBeUndefined()
    expect(findUnreachable(postgres!, [{ path: '/tmp/new/deeper', need: 'x', what: 'd' }], stat)).toBeUndefined()
  })
})

describe('ports for the sandbox', () => {
  it("are free, distinct, never handed out twice, and outside the kernel's range for outgoing connections", async () => {
    const [lo = 0, hi = 0] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number)
    const first = await freePorts(12)
    const second = await freePorts(12)
    const all = [...first, ...second]
    expect(new Set(all).size).toBe(24)
    // a client's connection may take a port from that range at any moment between choosing it and binding it
    for (const port of all) expect(port < lo || port > hi, `${port} in ${lo}-${hi}`).toBe(true)
    for (const port of all) expect(port).toBeGreaterThanOrEqual(10000)
  })
})
