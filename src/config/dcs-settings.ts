import { UsageError } from '../errors.js'
import { redactUrl } from '../redact.js'
import { scalarText, textOf } from '../values.js'
import { isPlainObject, type PlainObject } from '../patch-config.js'
import { DCS_KINDS, type Credentials, type DcsSettings, type DcsKind } from './types.js'

const DEFAULT_PORT: Record<DcsKind, number> = {
  etcd3: 2379,
  etcd: 2379,
  zookeeper: 2181,
  consul: 8500,
  exhibitor: 8181,
  kubernetes: 443,
  raft: 5010,
}

function withPort(host: string, kind: DcsKind): string {
  const h = host.trim()
  if (/^\[.*\]:\d+$/.test(h) || /^[^:[\]]+:\d+$/.test(h)) return h
  return `${h}:${DEFAULT_PORT[kind]}`
}

function hostList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v)).filter((v) => v.trim() !== '')
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '')
  return []
}

interface UrlParts {
  readonly protocol?: 'http' | 'https'
  readonly host: string
  /** `user:password@` in the URL, which Patroni takes as the DCS credentials */
  readonly credentials?: Credentials
}

function splitUrl(url: string): UrlParts {
  const m = /^(?:(https?):\/\/)?(?:([^/@]*)@)?([^/]*)/i.exec(url.trim())
  const protocol = m?.[1] ? (m[1].toLowerCase() as 'http' | 'https') : undefined
  const userinfo = m?.[2]
  const host = m?.[3] ?? url.trim()
  if (userinfo === undefined) return { ...(protocol ? { protocol } : {}), host }
  const colon = userinfo.indexOf(':')
  const credentials = {
    username: decodeURIComponent(colon >= 0 ? userinfo.slice(0, colon) : userinfo),
    password: decodeURIComponent(colon >= 0 ? userinfo.slice(colon + 1) : ''),
  }
  return { ...(protocol ? { protocol } : {}), host, credentials }
}

/** Why `host:port` (after the default port was added to `written`) cannot be connected to, if it cannot. */
export function hostProblem(written: string, hostPort: string): string | undefined {
  const m = /^(\[[^\]]+\]|[^\s:/@]+):(\d+)$/.exec(hostPort)
  if (m === null) {
    const port = /:([^:\]]*)$/.exec(written)?.[1]
    if (port !== undefined && !/^\d+$/.test(port)) return `the port "${port}" is not a number`
    return 'expected host:port'
  }
  const port = Number(m[2])
  return port >= 1 && port <= 65535 ? undefined : `the port ${port} is out of range (1-65535)`
}

/** Picks the DCS section of the configuration (the first known backend present) and normalises it. */
export function dcsSettingsFrom(config: PlainObject, insecure: boolean): DcsSettings | undefined {
  const kind = DCS_KINDS.find((k) => isPlainObject(config[k]))
  if (!kind) return undefined
  const section = config[kind] as PlainObject

  let protocol: 'http' | 'https' = textOf(section['protocol'])?.toLowerCase() === 'https' ? 'https' : 'http'
  let urlCredentials: Credentials | undefined
  const urls = [...hostList(section['url']), ...hostList(section['urls'])]
  const entries = urls.length > 0 ? urls : [...hostList(section['hosts']), ...hostList(section['host'])]
  let hosts = entries.map((entry) => {
    const parsed = splitUrl(entry)
    if (parsed.protocol) protocol = parsed.protocol
    urlCredentials ??= parsed.credentials
    const host =
      kind === 'exhibitor' && urls.length === 0 && section['port'] !== undefined && !/:\d+$/.test(parsed.host)
        ? `${parsed.host}:${scalarText(section['port'])}`
        : withPort(parsed.host, kind)
    const problem = hostProblem(parsed.host, host)
    if (problem !== undefined)
      throw new UsageError(`Invalid ${kind} host "${redactUrl(entry)}" in the configuration: ${problem}`)
    return host
  })
  if (hosts.length === 0 && (kind === 'etcd' || kind === 'etcd3' || kind === 'consul' || kind === 'zookeeper')) {
    hosts = [`localhost:${DEFAULT_PORT[kind]}`]
  }

  const username = textOf(section['username']) ?? textOf(section['user'])
  const password = textOf(section['password'])
  const credentials: Credentials | undefined =
    username !== undefined ? { username, password: password ?? '' } : urlCredentials
  const caFile = textOf(section['cacert']) ?? textOf(section['ca_cert'])
  const certFile = textOf(section['cert'])
  const keyFile = textOf(section['key'])
  const keyPassword = textOf(section['key_password'])
  const verify = section['verify']
  return {
    kind,
    hosts,
    protocol: caFile !== undefined || certFile !== undefined ? 'https' : protocol,
    ...(credentials ? { credentials } : {}),
    tls: {
      insecure: insecure || verify === false,
      ...(caFile !== undefined ? { caFile } : {}),
      ...(certFile !== undefined ? { certFile } : {}),
      ...(keyFile !== undefined ? { keyFile } : {}),
      ...(keyPassword !== undefined ? { keyPassword } : {}),
    },
    section,
  }
}
