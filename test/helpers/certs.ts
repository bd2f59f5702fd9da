import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from './leftovers.js'

export interface TestCerts {
  readonly dir: string
  readonly ca: string
  readonly serverCert: string
  readonly serverKey: string
  readonly clientCert: string
  readonly clientKey: string
  /** the client key encrypted with CLIENT_KEY_PASSWORD (etcd3.key_password) */
  readonly clientKeyEncrypted: string
}

export const CLIENT_KEY_PASSWORD = 'key-passphrase'

/** A throwaway CA with a server certificate for 127.0.0.1 and a client certificate (openssl). */
export function makeCerts(): TestCerts {
  const dir = tempDir('ptctl-certs-')
  const p = (name: string) => join(dir, name)
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' })
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=ptctl-test-ca',
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.crt'),
  )
  writeFileSync(p('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n')
  writeFileSync(p('client.ext'), 'extendedKeyUsage=clientAuth\n')
  for (const [name, cn] of [
    ['server', '127.0.0.1'],
    ['client', 'ptctl-client'],
  ] as const) {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      p(`${name}.key`),
      '-out',
      p(`${name}.csr`),
    )
    ssl(
      'x509',
      '-req',
      '-in',
      p(`${name}.csr`),
      '-CA',
      p('ca.crt'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      p(`${name}.ext`),
      '-out',
      p(`${name}.crt`),
    )
  }
  ssl('pkey', '-in', p('client.key'), '-aes256', '-passout', `pass:${CLIENT_KEY_PASSWORD}`, '-out', p('client.enc.key'))
  return {
    dir,
    clientKeyEncrypted: p('client.enc.key'),
    ca: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
  }
}
