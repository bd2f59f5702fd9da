import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer, type Server } from 'node:https'
import type { TLSSocket } from 'node:tls'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DcsSettings, TlsOptions } from '../../src/config/types.js'
import { Etcd3Store } from '../../src/dcs/etcd3-store.js'
import { AgentUnreachableError, DcsUnreachableError } from '../../src/errors.js'
import { UndiciPatroniApi } from '../../src/patroni-api/undici-api.js'
import { CLIENT_KEY_PASSWORD, makeCerts, type TestCerts } from '../helpers/certs.js'
import { ptctl } from '../helpers/cli.js'
import { startEtcd, type EtcdServer } from '../helpers/etcd-server.js'

let certs: TestCerts
let etcd: EtcdServer
let agent: Server
let agentPort = 0
const seen: Array<{ auth: string | undefined; clientCert: boolean }> = []

beforeAll(async () => {
  certs = makeCerts()
  etcd = await startEtcd(certs)
  // an HTTPS stand-in for a Patroni REST API that asks for (but does not require) a client certificate
  agent = createServer(
    {
      key: readFileSync(certs.serverKey),
      cert: readFileSync(certs.serverCert),
      ca: readFileSync(certs.ca),
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      const socket = req.socket as TLSSocket
      seen.push({ auth: req.headers.authorization, clientCert: socket.authorized })
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ state: 'running', server_version: 150018, patroni: { version: '3.0.2' } }))
    },
  )
  await new Promise<void>((resolve) => agent.listen(0, '127.0.0.1', resolve))
  const address = agent.address()
  agentPort = typeof address === 'object' && address ? address.port : 0
}, 60_000)
afterAll(async () => {
  agent?.closeAllConnections()
  await new Promise((r) => agent?.close(r))
  await etcd?.stop()
  if (certs) rmSync(certs.dir, { recursive: true, force: true })
})

const etcdSettings = (tls: TlsOptions): DcsSettings => ({
  kind: 'etcd3',
  hosts: [etcd.endpoint],
  protocol: 'https',
  tls,
  section: {},
})

describe('etcd v3 over TLS with a client certificate (real etcd)', () => {
  it('reads and writes with the CA and the client certificate', async () => {
    const store = new Etcd3Store(
      etcdSettings({ insecure: false, caFile: certs.ca, certFile: certs.clientCert, keyFile: certs.clientKey }),
      5000,
    )
    await store.put('/tls/k', 'v')
    expect((await store.list('/tls/')).map((r) => r.value)).toEqual(['v'])
    await store.close()
  })

  it('an encrypted client key is decrypted with key_password (gRPC takes no passphrase)', async () => {
    const store = new Etcd3Store(
      etcdSettings({
        insecure: false,
        caFile: certs.ca,
        certFile: certs.clientCert,
        keyFile: certs.clientKeyEncrypted,
        keyPassword: CLIENT_KEY_PASSWORD,
      }),
      5000,
    )
    await store.put('/tls/enc', 'yes')
    expect((await store.list('/tls/enc')).map((r) => r.value)).toEqual(['yes'])
    await store.close()
    const wrong = new Etcd3Store(
      etcdSettings({
        insecure: false,
        caFile: certs.ca,
        certFile: certs.clientCert,
        keyFile: certs.clientKeyEncrypted,
        keyPassword: 'nope',
      }),
      5000,
    )
    await expect(wrong.list('/tls/')).rejects.toThrow(/Cannot decrypt the etcd3 client key .* with key_password/)
    await wrong.close()
  })

  it('the CLI over TLS to an IP address prints no Node deprecation warning (DEP0123)', async () => {
    const config = join(certs.dir, 'ctl.yaml')
    writeFileSync(
      config,
      `etcd3:\n  hosts: ${etcd.endpoint}\n  protocol: https\n  cacert: ${certs.ca}\n  cert: ${certs.clientCert}\n  key: ${certs.clientKeyEncrypted}\n  key_password: ${CLIENT_KEY_PASSWORD}\n`,
    )
    const r = await ptctl(['-c', config, 'list', 'nosuch'])
    expect(r.stderr).toBe(`Error: Cluster nosuch not found in etcd3 https://${etcd.endpoint}\n`)
  })

  it('without the client certificate the server refuses: DcsUnreachableError', async () => {
    const store = new Etcd3Store(etcdSettings({ insecure: false, caFile: certs.ca }), 2000)
    await expect(store.list('/tls/')).rejects.toBeInstanceOf(DcsUnreachableError)
    await store.close()
  })
})

describe('REST API client over TLS', () => {
  const ref = () => ({ name: 'pg1', apiUrl: `https://127.0.0.1:${agentPort}/patroni` })

  it('trusts the CA, sends Basic auth and the client certificate', async () => {
    const api = new UndiciPatroniApi(
      {
        tls: { insecure: false, caFile: certs.ca, certFile: certs.clientCert, keyFile: certs.clientKey },
        credentials: { username: 'u', password: 'p' },
      },
      { callMs: 3000, slowCallMs: 3000 },
    )
    expect((await api.status(ref())).patroni?.version).toBe('3.0.2')
    expect(seen.at(-1)).toEqual({ auth: `Basic ${Buffer.from('u:p').toString('base64')}`, clientCert: true })
    await api.close()
  })

  it('presents a client certificate whose key is encrypted (ctl.keyfile_password)', async () => {
    const api = new UndiciPatroniApi(
      {
        tls: {
          insecure: false,
          caFile: certs.ca,
          certFile: certs.clientCert,
          keyFile: certs.clientKeyEncrypted,
          keyPassword: CLIENT_KEY_PASSWORD,
        },
      },
      { callMs: 3000, slowCallMs: 3000 },
    )
    expect((await api.status(ref())).state).toBe('running')
    expect(seen.at(-1)?.clientCert).toBe(true)
    await api.close()
  })

  it('with a client certificate, -k/--insecure skips only the hostname check, as patronictl: the chain is still verified', async () => {
    // the same agent certificate (for 127.0.0.1 and localhost) served on 127.0.0.2: a hostname mismatch
    const other = createServer(
      { key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert) },
      (_req, res) => res.writeHead(200).end(JSON.stringify({ state: 'running', patroni: { version: '3.0.2' } })),
    )
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.2', resolve))
    const port = (other.address() as { port: number }).port
    const at = { name: 'pg1', apiUrl: `https://127.0.0.2:${port}/patroni` }
    const api = (tls: TlsOptions) => new UndiciPatroniApi({ tls }, { callMs: 3000, slowCallMs: 3000 })
    const client = { certFile: certs.clientCert, keyFile: certs.clientKey }
    try {
      const strict = api({ insecure: false, caFile: certs.ca, ...client })
      await expect(strict.status(at)).rejects.toThrow(/hostname mismatch/)
      await strict.close()
      const insecure = api({ insecure: true, caFile: certs.ca, ...client })
      expect((await insecure.status(at)).state).toBe('running')
      await insecure.close()
      const untrusted = api({ insecure: true, ...client })
      await expect(untrusted.status(at)).rejects.toThrow(/not signed by a CA we trust/)
      await untrusted.close()
    } finally {
      other.closeAllConnections()
      await new Promise((r) => other.close(r))
    }
  })

  it('refuses an unknown CA unless -k/--insecure', async () => {
    const strict = new UndiciPatroniApi({ tls: { insecure: false } }, { callMs: 3000, slowCallMs: 3000 })
    await expect(strict.status(ref())).rejects.toBeInstanceOf(AgentUnreachableError)
    await strict.close()
    const insecure = new UndiciPatroniApi({ tls: { insecure: true } }, { callMs: 3000, slowCallMs: 3000 })
    expect((await insecure.status(ref())).state).toBe('running')
    await insecure.close()
  })
})
