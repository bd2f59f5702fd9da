import { createPrivateKey } from 'node:crypto'
import type { ConnectionOptions } from 'node:tls'

import { buildConnector } from 'undici'

import { UsageError } from '../errors.js'

/**
 * What the agent's TLS alert (it refused our side of the handshake) means, by OpenSSL's code. Under TLS 1.3 the server
 * checks the client certificate after the client thinks the handshake is done, so the refusal arrives as an alert in
 * place of the answer: the request was never handled.
 */
const ALERTS: Record<string, string> = {
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED:
    'the agent requires a client certificate (TLS alert: certificate required; set ctl.certfile and ctl.keyfile)',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'the agent does not trust our client certificate (TLS alert: unknown CA)',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'the agent refused our client certificate (TLS alert: bad certificate)',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED:
    'the agent says our client certificate has expired (TLS alert: certificate expired)',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 'the agent refused our client certificate (TLS alert: certificate unknown)',
  ERR_SSL_TLSV1_ALERT_ACCESS_DENIED: 'the agent denied access (TLS alert: access denied)',
}

/** Our own check of the agent's certificate failed: nothing was sent. By Node's verification codes. */
const SERVER_CERTIFICATE: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: "the agent's certificate is not signed by a CA we trust (set ctl.cacert)",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the agent's certificate is self-signed and not trusted (set ctl.cacert)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the agent's certificate is not signed by a CA we trust (set ctl.cacert)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the agent's certificate is not signed by a CA we trust (set ctl.cacert)",
  CERT_HAS_EXPIRED: "the agent's certificate has expired",
  CERT_NOT_YET_VALID: "the agent's certificate is not valid yet",
  ERR_TLS_CERT_ALTNAME_INVALID: "the agent's certificate is not for this address (hostname mismatch)",
}

/** Words for a TLS failure code, or undefined when the code is not one. */
export function tlsFailureWords(code: string, message: string): string | undefined {
  const alert = ALERTS[code]
  if (alert !== undefined) return alert
  const ours = SERVER_CERTIFICATE[code]
  if (ours !== undefined) return `TLS: ${ours}`
  const other = /^ERR_SSL_(?:TLSV13_|TLSV1_|SSLV3_)?ALERT_(.+)$/.exec(code)?.[1]
  if (other !== undefined)
    return `the agent ended the TLS handshake (TLS alert: ${other.toLowerCase().replace(/_/g, ' ')})`
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(code))
    return `TLS failure: ${message.split('\n')[0] ?? code}`
  return undefined
}

/**
 * Remembers the TLS alerts each agent sent, so a request that fails as "other side closed" (undici does not pass the
 * alert on) can be told apart: an alert means the handshake was refused and nothing was handled.
 */
export class TlsAlerts {
  private readonly last = new Map<string, { readonly code: string; readonly at: number }>()

  /** undici's connector with these TLS options, noting the alerts each socket receives */
  connector(options: ConnectionOptions & { timeout?: number }): buildConnector.connector {
    const base = buildConnector(options as buildConnector.BuildOptions)
    return (opts, callback) =>
      base(opts, (err, socket) => {
        socket?.on('error', (e: Error & { code?: string }) => {
          if (e.code !== undefined && ALERT_CODE.test(e.code))
            this.last.set(endpointKey(opts.hostname, opts.port), { code: e.code, at: Date.now() })
        })
        if (err === null) callback(null, socket)
        else callback(err, null)
      })
  }

  /** the alert the agent at `url` sent since `since` (ms), if any */
  since(url: URL, since: number): string | undefined {
    const seen = this.last.get(endpointKey(url.hostname, url.port))
    return seen !== undefined && seen.at >= since ? seen.code : undefined
  }
}

const ALERT_CODE = /^ERR_SSL_.*ALERT/

const endpointKey = (hostname: string, port: string) => `${hostname.replace(/^\[|\]$/g, '')}:${port || '443'}`

/**
 * The client key must open with ctl.keyfile_password before anything is sent: a wrong password is the caller's
 * mistake (exit 2), not an agent that does not answer.
 */
export function assertKeyOpens(key: Buffer, password: string | undefined, path: string): void {
  try {
    createPrivateKey({ key, format: 'pem', ...(password !== undefined ? { passphrase: password } : {}) })
  } catch (e) {
    const why =
      (e as { code?: string }).code === 'ERR_MISSING_PASSPHRASE'
        ? 'it is encrypted and ctl.keyfile_password is not set'
        : password === undefined
          ? (e as Error).message
          : 'ctl.keyfile_password does not decrypt it'
    throw new UsageError(`Cannot use the REST API client key ${path}: ${why}`)
  }
}
