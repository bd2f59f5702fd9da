import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'

import { BIN, ptctl } from '../helpers/cli.js'
import { eventually, readSandboxCluster, sandboxKey, sandboxStore } from '../helpers/dcs-dump.js'
import { startSandbox, type RunningSandbox } from '../helpers/sandbox.js'

/** `ptctl doctor` on the real sandbox (Patroni 3.0.2, etcd v3), with each fault made for real. */
let sb: RunningSandbox
let c: string
let port: number

interface Finding {
  area: string
  check: string
  status: string
  detail: string
  next?: string
}
interface Report {
  cluster: string
  status: string
  findings: Finding[]
  dcs: { kind: string; endpoints: { endpoint: string; ok: boolean; version?: string; isLeader?: boolean }[] }
}

async function doctor(...extra: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const r = await ptctl(['-c', c, '--request-timeout', '2', 'doctor', 'demo', '--json', ...extra], {
    timeoutMs: 60_000,
  })
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr }
}
const find = (r: Report, check: string) => r.findings.find((f) => f.check === check)

/** every member running, a leader, and every replica streaming: a healthy cluster to start each test from */
async function healthy(): Promise<void> {
  const r = await ptctl(['-c', c, 'check', 'demo', '--min-replicas', '2', '--wait-healthy', '--timeout', '90'], {
    timeoutMs: 120_000,
  })
  expect(r.code, r.stdout + r.stderr).toBe(0)
}

beforeAll(async () => {
  sb = await startSandbox()
  c = sb.config
  port = sb.state.store.clientPort
  await healthy()
}, 240_000)
afterAll(async () => {
  await sb?.stop()
})

describe('doctor on the real sandbox', () => {
  it('a healthy cluster: OK (exit 0), the etcd endpoint described, who could take over', async () => {
    const text = await ptctl(['-c', c, 'doctor', 'demo'])
    expect(text.code, text.stdout + text.stderr).toBe(0)
    expect(text.stdout.split('\n')[0]).toMatch(/^DOCTOR demo OK - \d+ OK$/)
    expect(text.stdout).toMatch(/^OK +failover\/readiness +if the leader died now, pg\d, pg\d could take over$/m)
    expect(text.stdout).not.toMatch(/next:/)
    const { code, report } = await doctor()
    expect(code).toBe(0)
    expect(report.status).toBe('OK')
    expect(report.dcs.kind).toBe('etcd3')
    expect(report.dcs.endpoints).toEqual([
      expect.objectContaining({ ok: true, isLeader: true, version: expect.stringMatching(/^3\.4\./) as unknown }),
    ])
    expect(find(report, 'system-identifier')?.detail).toMatch(
      /^3 of 3 members run system \d+, as the initialize key says$/,
    )
    expect(find(report, 'versions')?.detail).toBe('Patroni 3: pg1, pg2, pg3; PostgreSQL 15: pg1, pg2, pg3')
    expect(find(report, 'clock')?.status).toBe('OK')
    const all = await ptctl(['-c', c, 'doctor', '--all', '--json'])
    expect(all.code, all.stderr).toBe(0)
    const fleet = JSON.parse(all.stdout) as { status: string; clusters: Report[] }
    expect([fleet.status, fleet.clusters.map((r) => [r.cluster, r.status])]).toEqual(['OK', [['demo', 'OK']]])
  })

  it('report: nothing secret leaves, from any place a secret can be (config, environment, DCS keys, URLs)', async () => {
    // every planted secret carries the marker, so one search finds any of them, whole or in part
    const marker = 'zq7'
    const cfg = parse(readFileSync(c, 'utf8')) as Record<string, Record<string, unknown> | undefined>
    const withSecrets = {
      ...cfg,
      restapi: { ...cfg['restapi'], authentication: { username: 'rest', password: `${marker}-rest-auth` } },
      ctl: { ...cfg['ctl'], authentication: { username: 'ctl', password: `${marker}-ctl-auth` } },
      postgresql: {
        authentication: {
          superuser: { username: 'postgres', password: `${marker}-superuser` },
          replication: { username: 'replicator', password: `${marker}-replication` },
        },
      },
    }
    const dir = mkdtempSync(join(tmpdir(), 'ptctl-report-'))
    const config = join(dir, 'ctl.yaml')
    writeFileSync(config, stringify(withSecrets))
    const store = sandboxStore(port)
    const configKey = (await sandboxKey(port, 'config'))?.value ?? '{}'
    try {
      await store.put(
        '/service/demo/config',
        JSON.stringify({ ...(JSON.parse(configKey) as object), ldap_bind_password: `${marker}-dcs-config` }),
      )
      await store.put(
        '/service/demo/notes',
        JSON.stringify({
          conn: `postgres://admin:${marker}-url-cred@db:5432/x`,
          note: `host=db password=${marker}-conninfo user=x`,
        }),
      )
      await store.put(
        '/service/demo/members/ghost',
        JSON.stringify({
          conn_url: `postgres://u:${marker}-member-conn@127.0.0.1:1/postgres`,
          api_url: `http://u:${marker}-member-api@127.0.0.1:1/patroni`,
          state: 'running',
          role: 'replica',
          version: '3.0.2',
        }),
      )
      const file = join(dir, 'bundle.tar.gz')
      const env = {
        PGPASSWORD: `${marker}-pgpassword`,
        PATRONI_RESTAPI_PASSWORD: `${marker}-env-rest`,
        PATRONI_SUPERUSER_PASSWORD: `${marker}-env-superuser`,
      }
      const r = await ptctl(['-c', config, 'report', 'demo', '-o', file, '--timeout', '20', '--json'], {
        env,
        timeoutMs: 60_000,
      })
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toMatchObject({ file, unanswered: ['ghost'] })
      expect(r.stderr).toBe('Warning: ghost did not answer every read (recorded in the bundle)\n')
      expect(statSync(file).mode & 0o777).toBe(0o600)
      execFileSync('tar', ['-xzf', file], { cwd: dir })
      const [root] = readdirSync(dir).filter((n) => n.startsWith('ptctl-report-demo-'))
      const unpacked = join(dir, root ?? '')
      const everything = execFileSync('grep', ['-r', '-c', '', unpacked], { encoding: 'utf8' })
      expect(everything).toContain('/dcs/keys.json')
      expect(everything).toMatch(/agents\/pg1\/metrics\.txt|agents\/pg1\/metrics\.json/)
      // grep exits 1 when nothing matches: the only acceptable outcome
      let leaks = ''
      try {
        leaks = execFileSync('grep', ['-r', '-i', marker, unpacked], { encoding: 'utf8' })
      } catch (e) {
        expect((e as { status?: number }).status).toBe(1)
      }
      expect(leaks).toBe('')
      const keys = JSON.parse(readFileSync(join(unpacked, 'dcs/keys.json'), 'utf8')) as { key: string; raw: string }[]
      expect(keys.map((k) => k.key)).toEqual(
        expect.arrayContaining(['/service/demo/notes', '/service/demo/members/ghost']),
      )
      expect(keys.find((k) => k.key === '/service/demo/notes')?.raw).toContain('password=***')
      const report = JSON.parse(readFileSync(join(unpacked, 'report.json'), 'utf8')) as {
        unanswered: string[]
        reads: { what: string; ok: boolean }[]
      }
      expect(report.unanswered).toEqual(['ghost'])
      expect(report.reads.filter((x) => x.what.startsWith('pg1 GET ')).every((x) => x.ok)).toBe(true)
      const again = await ptctl(['-c', config, 'report', 'demo', '-o', file], { env })
      expect(again.code).not.toBe(0)
      expect(again.stderr).toMatch(/bundle\.tar\.gz exists: give another name with -o/)
    } finally {
      await store.put('/service/demo/config', configKey)
      await store.deletePrefix('/service/demo/notes')
      await store.deletePrefix('/service/demo/members/ghost')
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('report -o - writes the archive to a pipe; not beside --json', async () => {
    const listing = execFileSync(
      'bash',
      ['-c', 'set -o pipefail; "$0" "$1" -c "$2" report demo -o - | tar -tzf -', process.execPath, BIN, c],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    )
    expect(listing).toMatch(/^ptctl-report-demo-[0-9TZ-]+\/agents\/pg1\/patroni\.json$/m)
    expect(listing).toMatch(/\/report\.json$/m)
    const both = await ptctl(['-c', c, 'report', 'demo', '-o', '-', '--json'])
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('Error: -o - writes the archive to stdout: --json cannot go there too')
  })

  it('report: a member name from the DCS reaches the terminal escaped', async () => {
    const store = sandboxStore(port)
    const key = '/service/demo/members/evil\u001b[31m'
    const dir = mkdtempSync(join(tmpdir(), 'ptctl-report-'))
    try {
      await store.put(
        key,
        JSON.stringify({ api_url: 'http://127.0.0.1:1/patroni', state: 'running', role: 'replica', version: '3.0.2' }),
      )
      const r = await ptctl(['-c', c, 'report', 'demo', '-o', join(dir, 'b.tar.gz'), '--timeout', '10'])
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).toContain('Warning: evil\\x1b[31m did not answer every read (recorded in the bundle)')
      expect(r.stderr).not.toContain('\u001b')
    } finally {
      await store.deletePrefix(key)
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a DCS that cannot be read: UNKNOWN (exit 3), the endpoints saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptctl-doctor-'))
    try {
      const config = join(dir, 'ctl.yaml')
      // port 1 on loopback: nothing listens there
      writeFileSync(config, 'scope: demo\nnamespace: /service/\netcd3:\n  hosts: 127.0.0.1:1\n')
      const r = await ptctl(['-c', config, 'doctor', 'demo', '--json'])
      expect(r.code).toBe(3)
      const report = JSON.parse(r.stdout) as Report
      expect(report.status).toBe('UNKNOWN')
      expect(find(report, 'endpoints')).toMatchObject({
        status: 'CRIT',
        detail: '0 of 1 endpoints answer: http://127.0.0.1:1 does not answer (connection refused)',
      })
      expect(find(report, 'read')?.status).toBe('UNKNOWN')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a stale failsafe key (failsafe_mode off) is a warning that says what to do', async () => {
    const store = sandboxStore(port)
    try {
      await store.put('/service/demo/failsafe', JSON.stringify({ pg1: 'http://127.0.0.1:1/patroni' }))
      const { code, report } = await doctor()
      expect(code).toBe(1)
      const f = find(report, 'failsafe-key')
      expect(f?.status).toBe('WARN')
      expect(f?.detail).toMatch(/^failsafe_mode is off but a failsafe key is present \(members pg1\): it is stale/)
      expect(f?.next).toMatch(/remove the key demo\/failsafe/)
    } finally {
      await store.deletePrefix('/service/demo/failsafe')
      await store.close()
    }
    expect(await sandboxKey(port, 'failsafe')).toBeUndefined()
  })

  it('retry_timeout raised so that the leader key can expire between loops: a warning with the ttl that fits', async () => {
    const set = await ptctl(['-c', c, 'edit-config', 'demo', '-s', 'retry_timeout=10', '--force'])
    expect(set.code, set.stderr).toBe(0)
    try {
      const { code, report } = await doctor()
      expect(code).toBe(1)
      expect(find(report, 'ttl')).toMatchObject({
        status: 'WARN',
        detail: expect.stringMatching(/^loop_wait 2 \+ 2 × retry_timeout 10 = 22 > ttl 20:/) as unknown,
        next: 'ptctl edit-config demo -s ttl=22 (or lower loop_wait / retry_timeout)',
      })
    } finally {
      const back = await ptctl(['-c', c, 'edit-config', 'demo', '-s', 'retry_timeout=5', '--force'])
      expect(back.code, back.stderr).toBe(0)
    }
  })

  it('nofailover on every replica (set in patroni.yml, reloaded): no member could take over, CRIT', async () => {
    await healthy()
    const cluster = await readSandboxCluster(port)
    const replicas = sb.state.nodes.filter((n) => n.name !== cluster.leader?.value)
    const originals = new Map(replicas.map((n) => [n.configFile, readFileSync(n.configFile, 'utf8')]))
    const reload = async () => {
      for (const n of replicas) {
        const r = await ptctl(['-c', c, 'reload', 'demo', n.name, '--force'])
        expect(r.code, r.stdout + r.stderr).toBe(0)
      }
    }
    const tagged = (value: boolean) =>
      eventually(
        () => readSandboxCluster(port),
        // Patroni leaves a false tag out of the member key
        (cl) =>
          replicas.every((n) => (cl.members.find((m) => m.name === n.name)?.tags['nofailover'] === true) === value),
        20_000,
        `nofailover ${value} on every replica`,
      )
    try {
      for (const n of replicas) {
        const config = parse(originals.get(n.configFile) ?? '') as { tags?: Record<string, unknown> }
        config.tags = { ...config.tags, nofailover: true }
        writeFileSync(n.configFile, stringify(config))
      }
      await reload()
      await tagged(true)
      const { code, report } = await doctor()
      expect(code).toBe(2)
      const readiness = find(report, 'readiness')
      expect(readiness?.status).toBe('CRIT')
      expect(readiness?.detail).toMatch(/^if the leader died now, no member could take over: /)
      for (const n of replicas) expect(readiness?.detail).toContain(`${n.name} is tagged nofailover`)
      expect(readiness?.next).toMatch(/remove nofailover tags/)
    } finally {
      for (const [file, text] of originals) writeFileSync(file, text)
      await reload()
      await tagged(false)
    }
  })

  it("a replica's agent frozen (SIGSTOP): it cannot take over, said with the reason, and doctor still ends", async () => {
    await healthy()
    const cluster = await readSandboxCluster(port)
    const replica = cluster.members.find((m) => m.name !== cluster.leader?.value)?.name ?? ''
    const pid = sb.state.nodes.find((n) => n.name === replica)?.pid
    // only a PID the sandbox recorded is ever signalled
    if (pid === undefined || pid <= 1) throw new Error(`no recorded PID for ${replica}`)
    process.kill(pid, 'SIGSTOP')
    let result: Awaited<ReturnType<typeof doctor>>
    const dir = mkdtempSync(join(tmpdir(), 'ptctl-report-'))
    let bundle: { code: number; stdout: string; stderr: string }
    try {
      result = await doctor('--timeout', '20')
      // the support bundle is still written, cut at its --timeout, and records who did not answer
      bundle = await ptctl(['-c', c, 'report', 'demo', '-o', join(dir, 'b.tar.gz'), '--timeout', '8', '--json'], {
        timeoutMs: 60_000,
      })
    } finally {
      process.kill(pid, 'SIGCONT')
    }
    try {
      expect(bundle.code, bundle.stderr).toBe(0)
      expect((JSON.parse(bundle.stdout) as { unanswered: string[] }).unanswered).toEqual([replica])
      expect(bundle.stderr).toContain(`Warning: ${replica} did not answer every read (recorded in the bundle)`)
      execFileSync('tar', ['-xzf', 'b.tar.gz'], { cwd: dir })
      const [root] = readdirSync(dir).filter((n) => n.startsWith('ptctl-report-demo-'))
      const index = JSON.parse(readFileSync(join(dir, root ?? '', 'agents', replica, 'index.json'), 'utf8')) as {
        reads: { path: string; ok: boolean; error?: string }[]
      }
      expect(index.reads.map((x) => x.path)).toEqual(['/patroni', '/cluster', '/config', '/history', '/metrics'])
      expect(index.reads.every((x) => !x.ok && (x.error ?? '') !== '')).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    expect(result.code).toBe(1)
    const readiness = find(result.report, 'readiness')
    expect(readiness?.status).toBe('WARN')
    expect(readiness?.detail).toContain(`${replica} its agent does not answer`)
    expect(find(result.report, 'agents')?.status).toBe('WARN')
  })

  // last: an initialize key from another cluster makes unpaused agents exit, so the cluster is paused first
  it('an initialize key rewritten with another system identifier is CRIT, naming every member', async () => {
    await healthy()
    const pause = await ptctl(['-c', c, 'pause', 'demo', '--wait'], { timeoutMs: 60_000 })
    expect(pause.code, pause.stderr).toBe(0)
    const original = (await sandboxKey(port, 'initialize'))?.value ?? ''
    expect(original).toMatch(/^\d{10,}$/)
    const store = sandboxStore(port)
    try {
      await store.put('/service/demo/initialize', '7111111111111111111')
      await eventually(
        () => readSandboxCluster(port),
        (cl) => cl.initialize === '7111111111111111111',
        10_000,
        'the rewritten initialize key',
      )
      const { code, report } = await doctor()
      expect(code).toBe(2)
      const f = find(report, 'system-identifier')
      expect(f?.status).toBe('CRIT')
      expect(f?.detail).toBe(
        `the initialize key says 7111111111111111111, but pg1 runs ${original}, pg2 runs ${original}, pg3 runs ${original}: a member from another cluster, or the key was rewritten`,
      )
    } finally {
      await store.put('/service/demo/initialize', original)
      await store.close()
    }
  })

  // last of all: the stopped member is not started again
  it('a replica stopped (its Patroni ended): named, not a failover candidate, and doctor ends with a warning', async () => {
    const unpause = await ptctl(['-c', c, 'resume', 'demo', '--wait'], { timeoutMs: 60_000 })
    expect(unpause.code, unpause.stderr).toBe(0)
    await healthy()
    const cluster = await readSandboxCluster(port)
    const replica = sb.state.nodes.find((n) => n.name !== cluster.leader?.value)
    if (replica === undefined || replica.pid <= 1) throw new Error('no recorded replica PID')
    process.kill(replica.pid, 'SIGTERM')
    await eventually(
      () =>
        fetch(`http://127.0.0.1:${replica.restPort}/patroni`).then(
          () => false,
          () => true,
        ),
      (gone) => gone,
      30_000,
      `${replica.name}'s REST API gone`,
    )
    const { code, report } = await doctor('--timeout', '20')
    expect(code).toBe(1)
    const readiness = find(report, 'readiness')
    expect(readiness?.status).toBe('WARN')
    // its member key lives on until its ttl: it is either listed as not answering or already gone
    const listed = (await readSandboxCluster(port)).members.some((m) => m.name === replica.name)
    if (listed) expect(readiness?.detail).toMatch(new RegExp(`not .*${replica.name} `))
    else expect(readiness?.detail).not.toContain(replica.name)
    expect(
      report.findings
        .filter((f) => f.status !== 'OK')
        .map((f) => f.detail)
        .join('\n'),
    ).toContain(replica.name)
  })
})
