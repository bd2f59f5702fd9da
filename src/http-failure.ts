import { tlsFailureWords } from './patroni-api/tls-failure.js'

/** Why an HTTP request (undici) got no answer, in words a DBA reads; shared by the REST client and the HTTP DCS. */

const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
])

/** The failure, and whether the request may have reached the server (it was sent, the answer never came). */
export function describeFailure(e: unknown, timeoutMs: number): { reason: string; maybeReceived: boolean } {
  const err = e as Error & { code?: string; cause?: Error & { code?: string } }
  const code = err.cause?.code ?? err.code ?? ''
  const name = err.cause?.name ?? err.name
  if (code === 'ECONNREFUSED') return { reason: 'connection refused', maybeReceived: false }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { reason: 'host name not found', maybeReceived: false }
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return { reason: `no connection within ${timeoutMs / 1000}s`, maybeReceived: false }
  if (NOT_SENT.has(code)) return { reason: `unreachable (${code})`, maybeReceived: false }
  const message = err.cause?.message ?? err.message
  const tls = tlsFailureWords(code, message)
  if (tls !== undefined) return { reason: tls, maybeReceived: false }
  if (code === 'EPROTO' || /SSL|TLS|certificate/i.test(message))
    return { reason: `TLS failure: ${message.split('\n')[0] ?? ''}`, maybeReceived: false }
  if (name === 'TimeoutError' || name === 'AbortError' || /TIMEOUT/.test(code))
    return { reason: `no answer within ${timeoutMs / 1000}s`, maybeReceived: true }
  if (code === 'HPE_INVALID_CONSTANT' || name === 'HTTPParserError' || /^HPE_/.test(code))
    return { reason: 'the answer is not HTTP', maybeReceived: true }
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE')
    return { reason: 'the connection was closed before an answer', maybeReceived: true }
  return { reason: `no answer (${code || name})`, maybeReceived: true }
}
