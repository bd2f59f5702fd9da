import type { DcsSettings } from '../config/types.js'
import { DcsUnreachableError, VersionConflictError } from '../errors.js'
import { HttpEndpoints, type HttpAnswer } from './http-endpoints.js'
import type { KvRecord, KvStore } from './kv-store.js'

interface Etcd2Node {
  readonly key?: string
  readonly value?: string
  readonly dir?: boolean
  readonly modifiedIndex?: number
  readonly nodes?: readonly Etcd2Node[]
}

function flatten(node: Etcd2Node | undefined, out: KvRecord[]): void {
  if (!node) return
  if (node.dir) {
    for (const child of node.nodes ?? []) flatten(child, out)
  } else if (node.key !== undefined) {
    out.push({ key: node.key, value: node.value ?? '', version: String(node.modifiedIndex ?? 0) })
  }
}

function encodePath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/')
}

function parse(answer: HttpAnswer, what: string): { errorCode?: number; message?: string; node?: Etcd2Node } {
  try {
    return JSON.parse(answer.text) as { errorCode?: number; message?: string; node?: Etcd2Node }
  } catch {
    throw new DcsUnreachableError(
      `etcd v2 answered ${what} with ${answer.status}, not JSON: ${answer.text.slice(0, 80)}`,
    )
  }
}

/** etcd's v2 HTTP API (what Patroni's `etcd:` section talks to): quorum reads, prevIndex compare-and-set. */
export class Etcd2Store implements KvStore {
  private readonly http: HttpEndpoints

  constructor(settings: DcsSettings, timeoutMs: number) {
    const auth = settings.credentials
      ? {
          authorization: `Basic ${Buffer.from(`${settings.credentials.username}:${settings.credentials.password}`).toString('base64')}`,
        }
      : {}
    this.http = new HttpEndpoints('etcd', settings, timeoutMs, auth)
  }

  get description(): string {
    return this.http.description
  }

  private check(answer: HttpAnswer, what: string): void {
    if (answer.status === 401 || answer.status === 403)
      throw new DcsUnreachableError(`etcd v2 refused the credentials (${answer.status}) on ${what}`)
  }

  async list(prefix: string): Promise<KvRecord[]> {
    const answer = await this.http.send('read from', 'GET', `/v2/keys${encodePath(prefix)}?recursive=true&quorum=true`)
    this.check(answer, 'read')
    const body = parse(answer, 'a read')
    if (answer.status === 404 && body.errorCode === 100) return []
    if (answer.status !== 200)
      throw new DcsUnreachableError(`etcd v2 read failed: ${answer.status} ${body.message ?? answer.text.slice(0, 80)}`)
    const out: KvRecord[] = []
    flatten(body.node, out)
    return out
  }

  async put(key: string, value: string, expectedVersion?: string): Promise<void> {
    // modifiedIndex starts at 1, and etcd reads prevIndex=0 as no condition at all: compare-and-set never creates
    if (expectedVersion === '0') throw new VersionConflictError(key)
    const query = expectedVersion !== undefined ? `?prevIndex=${encodeURIComponent(expectedVersion)}` : ''
    const answer = await this.http.send(
      'write to',
      'PUT',
      `/v2/keys${encodePath(key)}${query}`,
      new URLSearchParams({ value }).toString(),
      'application/x-www-form-urlencoded',
    )
    this.check(answer, 'write')
    if (answer.status === 200 || answer.status === 201) return
    const body = parse(answer, 'a write')
    // 101 compare failed, 100 key gone: either way someone else changed it since we read
    if (expectedVersion !== undefined && (body.errorCode === 101 || body.errorCode === 100))
      throw new VersionConflictError(key)
    throw new DcsUnreachableError(`etcd v2 write failed: ${answer.status} ${body.message ?? ''}`)
  }

  async deletePrefix(prefix: string): Promise<void> {
    const path = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix
    const answer = await this.http.send('delete from', 'DELETE', `/v2/keys${encodePath(path)}?recursive=true&dir=true`)
    this.check(answer, 'delete')
    if (answer.status === 200 || answer.status === 404) return
    throw new DcsUnreachableError(`etcd v2 delete failed: ${answer.status} ${answer.text.slice(0, 80)}`)
  }

  async close(): Promise<void> {
    await this.http.close()
  }
}
