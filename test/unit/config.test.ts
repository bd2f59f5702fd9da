import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { parseDcsUrl } from '../../src/config/dcs-url.js'
import { environmentConfig } from '../../src/config/env.js'
import { loadCtlConfig } from '../../src/config/load.js'
import { patchConfig } from '../../src/patch-config.js'
import { UsageError } from '../../src/errors.js'
import { tempDir } from '../helpers/leftovers.js'

const tmp = () => tempDir('ptctl-config-')
const load = (over: Partial<Parameters<typeof loadCtlConfig>[0]> = {}) =>
  loadCtlConfig({ insecure: false, env: {}, home: tmp(), ...over })

describe('patchConfig (Patroni patch_config semantics)', () => {
  it('merges nested objects, replaces scalars and deletes on null', () => {
    const base = { a: 1, b: { c: 2, d: 3 }, e: [1], keep: true }
    const patched = patchConfig(base, { a: 5, b: { d: null, x: 1 }, e: [2], keep: null })
    expect(patched).toEqual({ a: 5, b: { c: 2, x: 1 }, e: [2] })
    expect(base).toEqual({ a: 1, b: { c: 2, d: 3 }, e: [1], keep: true })
  })
})

describe('environment overrides', () => {
  it('reads scope, namespace and DCS sections with list parsing', () => {
    const env = environmentConfig({
      PATRONI_SCOPE: 'demo',
      PATRONI_NAMESPACE: '/db/',
      PATRONI_ETCD3_HOSTS: "'h1:2379','h2:2379'",
      PATRONI_ETCD3_USERNAME: 'root',
      PATRONI_ETCD3_PASSWORD: 'secret',
      PATRONI_ZOOKEEPER_HOSTS: '[z1:2181, z2:2181]',
      PATRONI_CONSUL_PORT: '8500',
      PATRONI_RESTAPI_USERNAME: 'admin',
      PATRONI_RESTAPI_PASSWORD: 'pw',
      PATRONI_CTL_INSECURE: 'on',
      PATRONI_CTL_CACERT: '/ca.pem',
      PATRONI_SOMETHING: 'ignored',
    })
    expect(env).toEqual({
      scope: 'demo',
      namespace: '/db/',
      etcd3: { hosts: ['h1:2379', 'h2:2379'], username: 'root', password: 'secret' },
      zookeeper: { hosts: ['z1:2181', 'z2:2181'] },
      consul: { port: 8500 },
      restapi: { authentication: { username: 'admin', password: 'pw' } },
      ctl: { insecure: true, cacert: '/ca.pem' },
    })
  })
})

describe('--dcs-url', () => {
  it.each([
    ['etcd3://h1:2379,h2:2380/ns', { kind: 'etcd3', section: { hosts: ['h1:2379', 'h2:2380'] }, namespace: 'ns' }],
    ['etcd3://10.0.0.1', { kind: 'etcd3', section: { host: '10.0.0.1:2379' } }],
    ['127.0.0.1:2181', { kind: 'zookeeper', section: { hosts: ['127.0.0.1:2181'] } }],
    ['localhost:8500', { kind: 'consul', section: { host: 'localhost:8500' } }],
    ['localhost:2379', { kind: 'etcd', section: { host: 'localhost:2379' } }],
    ['somehost:1234', { kind: 'etcd', section: { host: 'somehost:1234' } }],
    ['consul://', { kind: 'consul', section: { host: 'localhost:8500' } }],
    ['etcd3://root:pw@h1:2379/', { kind: 'etcd3', section: { host: 'h1:2379', username: 'root', password: 'pw' } }],
  ])('%s', (url, expected) => {
    expect(parseDcsUrl(url)).toEqual(expected)
  })

  it.each(['foo://x', 'etcd3://h:notaport', 'etcd3://h:99999'])('rejects %s', (url) => {
    expect(() => parseDcsUrl(url)).toThrow(UsageError)
  })

  it('names the unknown scheme like patronictl', () => {
    expect(() => parseDcsUrl('foo://x')).toThrow('Unknown dcs scheme: foo')
  })
})

describe('loadCtlConfig', () => {
  it.each([
    [
      'url: http://127.0.0.1:99999',
      'Invalid etcd3 host "http://127.0.0.1:99999" in the configuration: the port 99999 is out of range (1-65535)',
    ],
    ['hosts: 127.0.0.1:abc', 'Invalid etcd3 host "127.0.0.1:abc" in the configuration: the port "abc" is not a number'],
    [
      'hosts: 127.0.0.1:0',
      'Invalid etcd3 host "127.0.0.1:0" in the configuration: the port 0 is out of range (1-65535)',
    ],
    ['hosts: "a b:2379"', 'Invalid etcd3 host "a b:2379" in the configuration: expected host:port'],
  ])('a DCS address no connection can be made to is a usage error naming it: %s', (line, message) => {
    const file = join(tmp(), 'bad.yml')
    writeFileSync(file, `scope: demo\netcd3:\n  ${line}\n`)
    expect(() => load({ configFile: file })).toThrow(new UsageError(message))
  })

  it('reads a Patroni node config and normalises the etcd3 section', () => {
    const dir = tmp()
    const file = join(dir, 'patroni.yml')
    writeFileSync(
      file,
      'scope: demo\nname: pg1\netcd3:\n  hosts: 127.0.0.1:2379,127.0.0.2\n  username: u\n  password: p\nrestapi:\n  authentication:\n    username: a\n    password: b\n  cafile: /ca\nloop_wait: 5\n',
    )
    const c = load({ configFile: file })
    expect(c.scope).toBe('demo')
    expect(c.namespace).toBe('/service/')
    expect(c.dcs?.kind).toBe('etcd3')
    expect(c.dcs?.hosts).toEqual(['127.0.0.1:2379', '127.0.0.2:2379'])
    expect(c.dcs?.credentials).toEqual({ username: 'u', password: 'p' })
    expect(c.restApi.credentials).toEqual({ username: 'a', password: 'b' })
    expect(c.restApi.tls.caFile).toBe('/ca')
    expect(c.timeoutMs).toBe(5000)
    expect(c.loopWait).toBe(5)
  })

  it('ctl.authentication wins over restapi.authentication; ctl.timeout and --timeout', () => {
    const dir = tmp()
    const file = join(dir, 'c.yaml')
    writeFileSync(
      file,
      'ctl:\n  authentication: {username: x, password: y}\n  timeout: 2.5\nrestapi:\n  authentication: {username: a, password: b}\n',
    )
    expect(load({ configFile: file }).restApi.credentials).toEqual({ username: 'x', password: 'y' })
    expect(load({ configFile: file }).timeoutMs).toBe(2500)
    expect(load({ configFile: file, timeoutSeconds: 1 }).timeoutMs).toBe(1000)
  })

  it('merges every yml/yaml file of a directory in alphabetical order', () => {
    const dir = tmp()
    writeFileSync(join(dir, '10-base.yml'), 'scope: a\netcd3:\n  hosts: h1:2379\n')
    writeFileSync(join(dir, '20-override.yaml'), 'scope: b\n')
    writeFileSync(join(dir, 'ignored.txt'), 'scope: c\n')
    const c = load({ configFile: dir })
    expect(c.scope).toBe('b')
    expect(c.dcs?.hosts).toEqual(['h1:2379'])
  })

  it('PATRONI_* environment wins over the file; PATRONICTL_CONFIG_FILE is used without -c', () => {
    const dir = tmp()
    const file = join(dir, 'c.yml')
    writeFileSync(file, 'scope: fromfile\netcd3:\n  host: h1:2379\n')
    const c = load({ env: { PATRONICTL_CONFIG_FILE: file, PATRONI_SCOPE: 'fromenv', PATRONI_ETCD3_HOSTS: 'h9:2379' } })
    expect(c.scope).toBe('fromenv')
    expect(c.dcs?.hosts).toEqual(['h9:2379', 'h1:2379'])
  })

  it('reads the default ~/.config/patroni/patronictl.yaml and ignores it silently when missing', () => {
    const home = tmp()
    expect(load({ home }).scope).toBeUndefined()
    mkdirSync(join(home, '.config', 'patroni'), { recursive: true })
    writeFileSync(join(home, '.config', 'patroni', 'patronictl.yaml'), 'scope: fromdefault\n')
    expect(load({ home }).scope).toBe('fromdefault')
  })

  it('--dcs-url replaces every DCS section and may set the namespace', () => {
    const dir = tmp()
    const file = join(dir, 'c.yml')
    writeFileSync(file, 'scope: s\nzookeeper:\n  hosts: [z:2181]\n')
    const c = load({ configFile: file, dcsUrl: 'etcd3://e1:2379/other' })
    expect(c.dcs?.kind).toBe('etcd3')
    expect(c.namespace).toBe('other')
    expect(c.raw['zookeeper']).toBeUndefined()
  })

  it('-k makes the REST client insecure', () => {
    expect(load({ insecure: true }).restApi.tls.insecure).toBe(true)
  })

  it.each([
    [
      'a missing file',
      (d: string) => join(d, 'nope.yml'),
      /^Provided config file .*nope\.yml not existing or no read rights/,
    ],
    [
      'malformed YAML',
      (d: string) => (writeFileSync(join(d, 'bad.yml'), 'scope: [unclosed\n'), join(d, 'bad.yml')),
      /^Malformed YAML in config file/,
    ],
    [
      'a YAML list',
      (d: string) => (writeFileSync(join(d, 'list.yml'), '- a\n'), join(d, 'list.yml')),
      /must hold a YAML mapping/,
    ],
  ])('rejects %s with a one-line UsageError', (_name, make, message) => {
    const path = make(tmp())
    let error: unknown
    try {
      load({ configFile: path })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UsageError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })

  it('$PATRONI_CONFIGURATION is the configuration when there is no file; $DCS_URL is -d', () => {
    const home = tmp()
    const fromEnv = loadCtlConfig({
      insecure: false,
      env: { PATRONI_CONFIGURATION: 'scope: envscope\netcd3:\n  hosts: 10.0.0.1:2379\n' },
      home,
    })
    expect([fromEnv.scope, fromEnv.dcs?.hosts]).toEqual(['envscope', ['10.0.0.1:2379']])
    const fromUrl = loadCtlConfig({
      insecure: false,
      env: { PATRONI_CONFIGURATION: 'scope: envscope\n', DCS_URL: 'zookeeper://10.0.0.2:2181/ns' },
      home,
    })
    expect([fromUrl.dcs?.kind, fromUrl.dcs?.hosts, fromUrl.namespace]).toEqual(['zookeeper', ['10.0.0.2:2181'], 'ns'])
  })

  it('ctl.certfile, keyfile and keyfile_password reach the REST client settings; a URL with credentials too', () => {
    const dir = tmp()
    writeFileSync(
      join(dir, 'c.yml'),
      'ctl:\n  certfile: /c.crt\n  keyfile: /c.key\n  keyfile_password: kp\n  cacert: /ca\netcd3:\n  url: https://u:p%40ss@10.0.0.3:2379\n',
    )
    const c = load({ configFile: join(dir, 'c.yml') })
    expect(c.restApi.tls).toEqual({
      insecure: false,
      caFile: '/ca',
      certFile: '/c.crt',
      keyFile: '/c.key',
      keyPassword: 'kp',
    })
    expect([c.dcs?.hosts, c.dcs?.protocol, c.dcs?.credentials]).toEqual([
      ['10.0.0.3:2379'],
      'https',
      { username: 'u', password: 'p@ss' },
    ])
  })

  it('rejects a bad ctl.timeout and a bad host', () => {
    const dir = tmp()
    writeFileSync(join(dir, 't.yml'), 'ctl:\n  timeout: soon\n')
    expect(() => load({ configFile: join(dir, 't.yml') })).toThrow(/Invalid ctl.timeout/)
    writeFileSync(join(dir, 'h.yml'), 'etcd3:\n  host: "bad host:x"\n')
    expect(() => load({ configFile: join(dir, 'h.yml') })).toThrow(UsageError)
  })
})
