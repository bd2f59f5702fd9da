import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { ActionError } from '../errors.js'

/** A certificate authority made for one sandbox, with a server and a client certificate it signed. */
export interface ThrowawayCa {
  readonly dir: string
  readonly ca: string
  /** for 127.0.0.1 and localhost; also good as a client certificate (Patroni's nodes call each other with it) */
  readonly serverCert: string
  readonly serverKey: string
  readonly clientCert: string
  readonly clientKey: string
  /** the client key encrypted with the password asked for (ctl.keyfile_password), when one was */
  readonly clientKeyEncrypted?: string
}

/** A day is enough for a throwaway cluster; the certificates are never reused. */
const DAYS = '2'

/**
 * Makes a throwaway CA in `dir` with openssl (Debian's `openssl` package): a server certificate for 127.0.0.1 and
 * localhost, and a client certificate (CN ptctl-client). Private keys are written mode 0600.
 */
export function makeThrowawayCa(dir: string, o: { clientKeyPassword?: string } = {}): ThrowawayCa {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const p = (name: string) => join(dir, name)
  const ssl = (...args: string[]) => {
    try {
      execFileSync('openssl', args, { stdio: 'pipe', cwd: dir })
    } catch (e) {
      const detail = (e as { stderr?: Buffer }).stderr?.toString().trim().split('\n')[0] ?? (e as Error).message
      throw new ActionError(`Could not make the sandbox's certificates with openssl ${args[0] ?? ''}: ${detail}`)
    }
  }
  const key = (name: string) => ['-newkey', 'rsa:2048', '-nodes', '-keyout', p(`${name}.key`)]
  ssl('req', '-x509', ...key('ca'), '-days', DAYS, '-subj', '/CN=ptctl-sandbox-ca', '-out', p('ca.crt'))
  writeFileSync(p('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n')
  writeFileSync(p('client.ext'), 'extendedKeyUsage=clientAuth\n')
  for (const [name, cn] of [
    ['server', '127.0.0.1'],
    ['client', 'ptctl-client'],
  ] as const) {
    ssl('req', ...key(name), '-subj', `/CN=${cn}`, '-out', p(`${name}.csr`))
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
      DAYS,
      '-extfile',
      p(`${name}.ext`),
      '-out',
      p(`${name}.crt`),
    )
  }
  const password = o.clientKeyPassword
  if (password !== undefined)
    ssl('pkey', '-in', p('client.key'), '-aes256', '-passout', `pass:${password}`, '-out', p('client.enc.key'))
  return {
    dir,
    ca: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    ...(password !== undefined ? { clientKeyEncrypted: p('client.enc.key') } : {}),
  }
}
