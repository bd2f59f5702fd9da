import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'

import { makeThrowawayCa } from '../../src/sandbox/throwaway-ca.js'
import { ptctl } from '../helpers/cli.js'
import { tempDir } from '../helpers/leftovers.js'
import { startSandbox, type RunningSandbox } from '../helpers/sandbox.js'

/**
 * Patroni 3.0.2's REST API over TLS with client certificates required (`sandbox up --rest-tls`: a CA made for the
 * sandbox): every action and `check` work with the sandbox's client files; without a client certificate, with one
 * from another CA, or with a server certificate we do not trust, the agent is unreachable (exit 4) with the reason
 * named, and nothing was done; a client key that ctl.keyfile_password does not open is the caller's mistake (exit 2,
 * UNKNOWN for check) before any connection.
 */

let sb: RunningSandbox
const dir = tempDir('ptctl-rest-tls-')
const PASSWORD = 'tls-key-password'

/** The sandbox's patronictl.yaml with its `ctl:` section changed. */
function configWith(name: string, ctl: (c: Record<string, unknown>) => Record<string, unknown>): string {
  const doc = parse(readFileSync(sb.config, 'utf8')) as Record<string, unknown>
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, stringify({ ...doc, ctl: ctl((doc['ctl'] ?? {}) as Record<string, unknown>) }))
  return file
}

const leaderOf = async (config: string) => {
  const r = await ptctl(['-c', config, 'list', 'demo', '--json'])
  const rows = JSON.parse(r.stdout) as Array<{ Member: string; Role: string }>
  return {
    leader: rows.find((m) => m.Role === 'Leader')?.Member ?? '',
    replicas: rows.filter((m) => m.Role !== 'Leader').map((m) => m.Member),
  }
}

beforeAll(async () => {
  sb = await startSandbox({ restTls: true })
}, 300_000)
afterAll(async () => {
  await sb?.stop()
})

describe('the sandbox serves its REST API over TLS, client certificates required', () => {
  it('the agents answer ptctl with the sandbox client files (version asks each over https)', async () => {
    const r = await ptctl(['-c', sb.config, 'version', 'demo'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/pg1: Patroni 3\.0\.2 PostgreSQL 15/)
    const plain = configWith('plain-http', () => ({}))
    // an agent that speaks only TLS: a client without the CA cannot talk to it
    expect((await ptctl(['-c', plain, 'version', 'demo'])).code).toBe(4)
  })

  it('check is OK over TLS', async () => {
    const r = await ptctl(['-c', sb.config, 'check', 'demo'])
    expect([r.code, r.stdout.split('\n')[0]]).toEqual([0, 'CHECK demo OK'])
  })

  it('every action works over TLS: reload, restart, pause/resume, edit-config, flush, reinit, switchover --wait', async () => {
    const c = sb.config
    const { leader, replicas } = await leaderOf(c)
    const reload = await ptctl(['-c', c, 'reload', 'demo', '--force'])
    expect(reload.code, reload.stderr).toBe(0)
    expect(reload.stdout).toMatch(/Reload request received for member pg1/)
    const restart = await ptctl(['-c', c, 'restart', 'demo', replicas[0] ?? '', '--force'])
    expect(restart.code, restart.stderr).toBe(0)
    expect(restart.stdout).toMatch(/Success: restart on member/)
    for (const [verb, said] of [
      ['pause', 'Success: cluster management is paused'],
      ['resume', 'Success: cluster management is resumed'],
    ] as const) {
      const r = await ptctl(['-c', c, verb, 'demo', '--wait'])
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toContain(said)
    }
    const edit = await ptctl(['-c', c, 'edit-config', 'demo', '--set', 'loop_wait=3', '--force'])
    expect(edit.code, edit.stderr).toBe(0)
    const later = await ptctl([
      '-c',
      c,
      'restart',
      'demo',
      replicas[0] ?? '',
      '--scheduled',
      '2030-01-01T00:00',
      '--force',
    ])
    expect(later.code, later.stderr).toBe(0)
    const flush = await ptctl(['-c', c, 'flush', 'demo', 'restart', '--force'])
    expect(flush.code, flush.stderr).toBe(0)
    expect(flush.stdout).toMatch(/Success: flush scheduled restart for member/)
    const reinit = await ptctl(['-c', c, 'reinit', 'demo', replicas[0] ?? '', '--force', '--wait'], {
      timeoutMs: 120_000,
    })
    expect(reinit.code, reinit.stderr).toBe(0)
    const candidate = replicas[1] ?? ''
    const sw = await ptctl(['-c', c, 'switchover', 'demo', '--candidate', candidate, '--force', '--wait'], {
      timeoutMs: 120_000,
    })
    expect(sw.code, sw.stderr).toBe(0)
    expect(sw.stdout).toContain(`Successfully switched over to "${candidate}"`)
    expect((await leaderOf(c)).leader).not.toBe(leader)
  }, 180_000)
})

describe('TLS refusals say what happened, and nothing is done', () => {
  it('no client certificate: exit 4, the alert named (certificate required)', async () => {
    const config = configWith('no-client-cert', (ctl) => ({ cacert: ctl['cacert'] }))
    const r = await ptctl(['-c', config, 'reload', 'demo', '--force'])
    expect(r.code, r.stderr).toBe(4)
    expect(r.stdout).toMatch(
      /^Failed: reload for member pg1, the agent requires a client certificate \(TLS alert: certificate required/m,
    )
    expect(r.stdout).not.toMatch(/Unknown:|may have been done/)
    expect(r.stderr).toMatch(
      /^Error: reload failed on pg1, pg2, pg3: their agents could not be reached; nothing was done$/m,
    )
  })

  it('a client certificate from another CA: exit 4, unknown CA', async () => {
    const other = makeThrowawayCa(join(dir, 'other-ca'))
    const config = configWith('other-ca', (ctl) => ({ ...ctl, certfile: other.clientCert, keyfile: other.clientKey }))
    const r = await ptctl(['-c', config, 'restart', 'demo', 'pg1', '--force'])
    expect(r.code, r.stderr).toBe(4)
    expect(r.stdout).toContain('the agent does not trust our client certificate (TLS alert: unknown CA)')
  })

  it("the agent's certificate not signed by a CA we trust: exit 4 before anything is sent", async () => {
    const config = configWith('no-ca', (ctl) => ({ certfile: ctl['certfile'], keyfile: ctl['keyfile'] }))
    const r = await ptctl(['-c', config, 'reload', 'demo', '--force'])
    expect(r.code, r.stderr).toBe(4)
    expect(r.stdout).toContain("TLS: the agent's certificate is not signed by a CA we trust (set ctl.cacert)")
  })

  it('a client key ctl.keyfile_password does not open: exit 2 before any connection; check says UNKNOWN, not CRIT', async () => {
    const doc = parse(readFileSync(sb.config, 'utf8')) as { ctl: Record<string, string> }
    // the sandbox CA's own client certificate, with its key encrypted here
    const encrypted = join(dir, 'client.enc.key')
    execFileSync('openssl', [
      'pkey',
      '-in',
      doc.ctl['keyfile'] ?? '',
      '-aes256',
      '-passout',
      `pass:${PASSWORD}`,
      '-out',
      encrypted,
    ])
    const good = configWith('key-password', (ctl) => ({ ...ctl, keyfile: encrypted, keyfile_password: PASSWORD }))
    const ok = await ptctl(['-c', good, 'reload', 'demo', '--force'])
    expect(ok.code, ok.stderr).toBe(0)
    const wrong = configWith('wrong-password', (ctl) => ({ ...ctl, keyfile: encrypted, keyfile_password: 'nope' }))
    const r = await ptctl(['-c', wrong, 'reload', 'demo', '--force'])
    expect([r.code, r.stderr]).toEqual([
      2,
      `Error: Cannot use the REST API client key ${encrypted}: ctl.keyfile_password does not decrypt it\n`,
    ])
    const check = await ptctl(['-c', wrong, 'check', 'demo'])
    expect([check.code, check.stderr]).toEqual([
      3,
      `Error: Cannot use the REST API client key ${encrypted}: ctl.keyfile_password does not decrypt it\n`,
    ])
  })
})
