import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

import type * as CockatielNamespace from 'cockatiel'
import type * as Etcd3Namespace from 'etcd3'
import type { Etcd3, IOptions } from 'etcd3'

import type { DcsSettings } from '../config/types.js'
import { DcsUnreachableError, UsageError, VersionConflictError } from '../errors.js'
import { withDeadline } from './deadline.js'
import type { KvRecord, KvStore } from './kv-store.js'

type Etcd3Module = typeof Etcd3Namespace
type CockatielModule = typeof CockatielNamespace

// createRequire is measurably cheaper than import() for this CommonJS package (deps.md), and keeps it off start-up
const load = (): { etcd3: Etcd3Module; cockatiel: CockatielModule } => {
  const require = createRequire(import.meta.url)
  return { etcd3: require('etcd3') as Etcd3Module, cockatiel: require('cockatiel') as CockatielModule }
}

const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'

function readTlsFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path)
  } catch (e) {
    throw new UsageError(`Cannot read etcd3 ${what} ${path}: ${(e as Error).message}`)
  }
}

/** gRPC's messages are long and noisy; keep what a DBA needs to read. */
function shortReason(e: Error, timeoutMs: number): string {
  const m = e.message
  if (/ECONNREFUSED/.test(m)) return 'connection refused'
  if (/DEADLINE_EXCEEDED|no answer within/i.test(m)) return `no answer within ${timeoutMs / 1000}s`
  if (/ENOTFOUND|EAI_AGAIN/.test(m)) return 'host name not found'
  if (/Received HTTP status code/.test(m)) return 'not an etcd v3 gRPC endpoint'
  return (m.split('\n')[0] ?? e.name).replace(/^\d+ [A-Z_]+: /, '').slice(0, 160)
}

function isAuthError(e: Error): boolean {
  return /auth|permission|Unauthenticated/i.test(e.name) || /authentication failed|permission denied/i.test(e.message)
}

/**
 * etcd v3 over gRPC (the `etcd3` package). Each call has a deadline and no retry policy; when an endpoint fails
 * the next one is tried, and the whole call is bounded by the timeout per endpoint.
 */
export class Etcd3Store implements KvStore {
  readonly description: string
  private readonly modules = load()
  private readonly endpoints: string[]
  private clients = new Map<string, Etcd3>()
  /** the endpoint that answered last; tried first next time */
  private preferred = 0

  constructor(
    private readonly settings: DcsSettings,
    private readonly timeoutMs: number,
  ) {
    this.endpoints = settings.hosts.map((h) => `${settings.protocol}://${h}`)
    this.description = `etcd3 ${this.endpoints.join(',')}`
  }

  private client(endpoint: string): Etcd3 {
    const existing = this.clients.get(endpoint)
    if (existing) return existing
    const { tls, credentials } = this.settings
    const options: IOptions = {
      hosts: [endpoint],
      dialTimeout: this.timeoutMs,
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + this.timeoutMs }),
      faultHandling: { global: this.modules.cockatiel.noop, host: () => this.modules.cockatiel.noop },
      ...(credentials
        ? {
            auth: {
              username: credentials.username,
              password: credentials.password,
              callOptions: { deadline: Date.now() + this.timeoutMs },
            },
          }
        : {}),
      ...(endpoint.startsWith('https:')
        ? {
            credentials: {
              // without a CA of its own, the server is checked against the system's trusted roots
              rootCertificate: readTlsFile(tls.caFile ?? SYSTEM_CA_BUNDLE, 'CA certificate'),
              ...(tls.keyFile ? { privateKey: readTlsFile(tls.keyFile, 'client key') } : {}),
              ...(tls.certFile ? { certChain: readTlsFile(tls.certFile, 'client certificate') } : {}),
            },
          }
        : {}),
    }
    const client = new this.modules.etcd3.Etcd3(options)
    this.clients.set(endpoint, client)
    return client
  }

  /** Runs `op` against the preferred endpoint, then each other one in turn while they are unreachable. */
  private async call<T>(what: string, op: (client: Etcd3) => Promise<T>): Promise<T> {
    const failures: string[] = []
    const n = this.endpoints.length
    for (let i = 0; i < n; i++) {
      const index = (this.preferred + i) % n
      const endpoint = this.endpoints[index] ?? ''
      try {
        const result = await withDeadline(
          op(this.client(endpoint)),
          this.timeoutMs + 250,
          () => new Error(`no answer within ${this.timeoutMs / 1000}s`),
        )
        this.preferred = index
        return result
      } catch (e) {
        if (e instanceof VersionConflictError || e instanceof UsageError) throw e
        const err = e as Error
        if (isAuthError(err)) throw new DcsUnreachableError(`etcd3 ${endpoint} refused the credentials: ${err.message}`)
        failures.push(`${endpoint}: ${shortReason(err, this.timeoutMs)}`)
        await this.drop(endpoint)
      }
    }
    throw new DcsUnreachableError(`Cannot ${what} from etcd3 (${failures.join('; ')})`)
  }

  private async drop(endpoint: string): Promise<void> {
    const client = this.clients.get(endpoint)
    this.clients.delete(endpoint)
    client?.close()
  }

  async list(prefix: string): Promise<KvRecord[]> {
    const response = await this.call('read', (c) => c.getAll().prefix(prefix).exec())
    return response.kvs.map((kv) => ({
      key: kv.key.toString('utf8'),
      value: kv.value.toString('utf8'),
      version: String(kv.mod_revision),
    }))
  }

  async put(key: string, value: string, expectedVersion?: string): Promise<void> {
    if (expectedVersion === undefined) {
      await this.call('write', (c) => c.put(key).value(value).exec())
      return
    }
    const result = await this.call('write', (c) =>
      c.if(key, 'Mod', '==', expectedVersion).then(c.put(key).value(value)).commit(),
    )
    if (!result.succeeded) throw new VersionConflictError(key)
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.call('delete', (c) => c.delete().prefix(prefix).exec())
  }

  async close(): Promise<void> {
    for (const client of this.clients.values()) client.close()
    this.clients.clear()
  }
}
