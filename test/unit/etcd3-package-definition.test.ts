import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

// the start-up bundle's replacement for @grpc/proto-loader in etcd3 (scripts/bundle.mjs), against the real thing
const require = createRequire(import.meta.url)
const build = require('../../scripts/etcd3-package-definition.cjs') as (json: string, o: object) => Definition
const protosJson = require('../../scripts/etcd3-protos-json.cjs') as (root: string) => string
const protoLoader = require('@grpc/proto-loader') as { loadSync(file: string, o: object): Definition }

interface Method {
  path: string
  requestStream: boolean
  responseStream: boolean
  originalName: string
  requestSerialize(o: object): Buffer
  requestDeserialize(b: Buffer): object
  responseSerialize(o: object): Buffer
  responseDeserialize(b: Buffer): object
}
type Definition = Record<string, Record<string, Method> | { format: string }>

// etcd3's own options (node_modules/etcd3/lib/connection-pool.js)
const OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true }
const ours = build(protosJson(fileURLToPath(new URL('../..', import.meta.url))), OPTIONS)
const theirs = protoLoader.loadSync(require.resolve('etcd3/proto/rpc.proto'), OPTIONS)
const services = (d: Definition) => Object.keys(d).filter((k) => !('format' in (d[k] ?? {})))

describe("etcd3's gRPC definition in the start-up bundle is proto-loader's, less reflection data", () => {
  it('the same services and methods, paths, stream flags and camel-cased aliases', () => {
    expect(services(ours).sort()).toEqual(services(theirs).sort())
    expect(services(ours).length).toBeGreaterThan(5)
    for (const name of services(theirs)) {
      const a = ours[name] as Record<string, Method>
      const b = theirs[name] as Record<string, Method>
      expect(Object.keys(a).sort(), name).toEqual(Object.keys(b).sort())
      for (const [m, def] of Object.entries(b)) {
        const { path, requestStream, responseStream, originalName } = def
        expect(a[m], `${name}.${m}`).toMatchObject({ path, requestStream, responseStream, originalName })
      }
    }
    // lodash's camel case, not a lower-cased first letter
    expect((ours['etcdserverpb.Maintenance'] as Record<string, Method>)['HashKV']?.originalName).toBe('hashKv')
  })

  it('encodes and decodes messages byte for byte and field for field as proto-loader does', () => {
    const samples: [string, string, object, object][] = [
      [
        'etcdserverpb.KV',
        'Range',
        { key: Buffer.from('/service/'), range_end: Buffer.from('/service0'), serializable: false },
        {
          header: { revision: '42' },
          kvs: [
            {
              key: Buffer.from('/service/demo/leader'),
              value: Buffer.from('pg1'),
              mod_revision: '40',
              version: '3',
              lease: '7587',
            },
          ],
          count: '1',
          more: false,
        },
      ],
      [
        'etcdserverpb.KV',
        'Txn',
        {
          compare: [{ result: 'EQUAL', target: 'MOD', key: Buffer.from('k'), mod_revision: '5' }],
          success: [{ request_put: { key: Buffer.from('k'), value: Buffer.from('v') } }],
        },
        { succeeded: true, responses: [{ response_put: { header: { revision: '6' } } }] },
      ],
      [
        'etcdserverpb.Watch',
        'Watch',
        {
          create_request: {
            key: Buffer.from('/service/'),
            range_end: Buffer.from('/service0'),
            start_revision: '12',
            progress_notify: true,
          },
        },
        {
          watch_id: '1',
          created: true,
          events: [{ type: 'DELETE', kv: { key: Buffer.from('/service/demo/leader'), mod_revision: '13' } }],
        },
      ],
      ['etcdserverpb.Auth', 'Authenticate', { name: 'root', password: 'secret' }, { token: 'abc.123' }],
      ['etcdserverpb.Lease', 'LeaseGrant', { TTL: '30', ID: '0' }, { ID: '7587', TTL: '30', error: '' }],
    ]
    for (const [service, method, request, response] of samples) {
      const a = (ours[service] as Record<string, Method>)[method]
      const b = (theirs[service] as Record<string, Method>)[method]
      if (!a || !b) throw new Error(`${service}.${method} missing`)
      const req = b.requestSerialize(request)
      expect(a.requestSerialize(request).equals(req), `${method} request bytes`).toBe(true)
      expect(a.requestDeserialize(req), `${method} request fields`).toEqual(b.requestDeserialize(req))
      const res = b.responseSerialize(response)
      expect(a.responseSerialize(response).equals(res), `${method} response bytes`).toBe(true)
      expect(a.responseDeserialize(res), `${method} response fields`).toEqual(b.responseDeserialize(res))
      expect(res.length, `${method} sample is not empty`).toBeGreaterThan(0)
    }
  })

  it('refuses an array as proto-loader does', () => {
    const range = (ours['etcdserverpb.KV'] as Record<string, Method>)['Range']
    expect(() => range?.requestSerialize([])).toThrow(/got array instead/)
  })
})
