import { makeThrowawayCa } from '../../src/sandbox/throwaway-ca.js'
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

/** A throwaway CA with a server certificate for 127.0.0.1 and a client certificate: the sandbox's own maker. */
export function makeCerts(): TestCerts {
  const made = makeThrowawayCa(tempDir('ptctl-certs-'), { clientKeyPassword: CLIENT_KEY_PASSWORD })
  if (made.clientKeyEncrypted === undefined) throw new Error('the encrypted client key was not made')
  return { ...made, clientKeyEncrypted: made.clientKeyEncrypted }
}
