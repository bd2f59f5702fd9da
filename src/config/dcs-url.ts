import { UsageError } from '../errors.js'
import { redactUrl } from '../redact.js'
import type { DcsKind } from './types.js'
import type { PlainObject } from '../patch-config.js'

/** Default ports per scheme; also the order in which an unnamed scheme is inferred from a port. */
const DEFAULT_PORTS: ReadonlyArray<readonly [DcsKind, number]> = [
  ['zookeeper', 2181],
  ['exhibitor', 8181],
  ['consul', 8500],
  ['etcd', 2379],
  ['etcd3', 2379],
]
const URL_SCHEMES = new Set<string>(DEFAULT_PORTS.map(([k]) => k))

export interface ParsedDcsUrl {
  readonly kind: DcsKind
  /** the config section that replaces every DCS section of the file */
  readonly section: PlainObject
  readonly namespace?: string
}

function defaultPort(kind: DcsKind): number {
  return DEFAULT_PORTS.find(([k]) => k === kind)?.[1] ?? 2379
}

function splitHostPort(text: string, url: string): { host: string; port?: number } {
  const m = /^(\[[^\]]+\]|[^:]*)(?::(\d*))?$/.exec(text)
  if (!m) throw new UsageError(`Invalid DCS URL: ${redactUrl(url)}`)
  const host = m[1] ?? ''
  const portText = m[2]
  if (portText === undefined || portText === '') return { host }
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`Invalid port in DCS URL: ${redactUrl(url)}`)
  return { host, port }
}

/**
 * Parses `-d/--dcs-url` as patronictl does (`DCS://HOST:PORT/NAMESPACE`, scheme inferred from the port when
 * missing), extended to several comma-separated hosts and userinfo credentials.
 */
export function parseDcsUrl(url: string): ParsedDcsUrl {
  const text = url.includes('//') ? url : `//${url}`
  const m = /^([A-Za-z][A-Za-z0-9+.-]*)?:?\/\/([^/?#]*)([^?#]*)/.exec(text)
  if (!m) throw new UsageError(`Invalid DCS URL: ${redactUrl(url)}`)
  const scheme = (m[1] ?? '').toLowerCase()
  let netloc = m[2] ?? ''
  const path = m[3] ?? ''

  let credentials: { username: string; password: string } | undefined
  const at = netloc.lastIndexOf('@')
  if (at >= 0) {
    const userinfo = netloc.slice(0, at)
    netloc = netloc.slice(at + 1)
    const colon = userinfo.indexOf(':')
    credentials = {
      username: decodeURIComponent(colon >= 0 ? userinfo.slice(0, colon) : userinfo),
      password: decodeURIComponent(colon >= 0 ? userinfo.slice(colon + 1) : ''),
    }
  }

  const parts = (netloc === '' ? [''] : netloc.split(',')).map((p) => splitHostPort(p.trim(), url))
  if (scheme !== '' && !URL_SCHEMES.has(scheme)) throw new UsageError(`Unknown dcs scheme: ${scheme}`)
  const firstPort = parts[0]?.port
  const kind: DcsKind =
    scheme !== '' ? (scheme as DcsKind) : (DEFAULT_PORTS.find(([, port]) => port === firstPort)?.[0] ?? 'etcd')
  const hosts = parts.map((p) => `${p.host === '' ? 'localhost' : p.host}:${p.port ?? defaultPort(kind)}`)

  const section: PlainObject =
    kind === 'zookeeper' || kind === 'exhibitor' ? { hosts } : hosts.length === 1 ? { host: hosts[0] } : { hosts }
  if (kind === 'exhibitor') {
    section['hosts'] = hosts.map((h) => h.replace(/:\d+$/, ''))
    section['port'] = parts[0]?.port ?? defaultPort(kind)
  }
  if (credentials) Object.assign(section, credentials)

  const trimmed = path.replace(/^\/+|\/+$/g, '')
  return trimmed === '' ? { kind, section } : { kind, section, namespace: trimmed }
}
