import type { DcsSettings } from '../config/types.js'
import { DcsUnreachableError, VersionConflictError } from '../errors.js'
import { HttpEndpoints, type HttpAnswer } from './http-endpoints.js'
import type { KvRecord, KvStore } from './kv-store.js'

interface ConsulEntry {
  readonly Key: string
  readonly Value: string | null
  readonly ModifyIndex: number
}

/** Consul keys have no leading slash: `/service/demo/leader` ↔ `service/demo/leader`. */
function consulPath(key: string): string {
  return key.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/')
}

/** Consul's KV HTTP API: `?recurse&consistent` reads, `?cas=` writes, ACL token and datacenter from the section. */
export class ConsulStore implements KvStore {
  private readonly http: HttpEndpoints
  private readonly query: string
  private readonly readMode: string

  constructor(settings: DcsSettings, timeoutMs: number) {
    const token = settings.section['token']
    this.http = new HttpEndpoints(
      'consul',
      settings,
      timeoutMs,
      typeof token === 'string' && token !== '' ? { 'x-consul-token': token } : {},
    )
    const dc = settings.section['dc']
    this.query = typeof dc === 'string' && dc !== '' ? `&dc=${encodeURIComponent(dc)}` : ''
    const consistency = settings.section['consistency']
    // patronictl reads with `consistent`; `stale` and `default` are honoured when the section asks for them
    this.readMode = consistency === 'stale' ? '&stale' : consistency === 'default' ? '' : '&consistent'
  }

  get description(): string {
    return this.http.description
  }

  private check(answer: HttpAnswer, what: string): void {
    if (answer.status === 403 || answer.status === 401) {
      throw new DcsUnreachableError(
        `consul refused the ACL token on ${what}: ${answer.status} ${answer.text.trim().slice(0, 80)}`,
      )
    }
  }

  async list(prefix: string): Promise<KvRecord[]> {
    const answer = await this.http.send(
      'read from',
      'GET',
      `/v1/kv/${consulPath(prefix)}?recurse${this.readMode}${this.query}`,
    )
    this.check(answer, 'read')
    if (answer.status === 404) return []
    if (answer.status !== 200)
      throw new DcsUnreachableError(`consul read failed: ${answer.status} ${answer.text.slice(0, 80)}`)
    let entries: ConsulEntry[]
    try {
      entries = JSON.parse(answer.text) as ConsulEntry[]
    } catch {
      throw new DcsUnreachableError(`consul answered a read with invalid JSON: ${answer.text.slice(0, 80)}`)
    }
    return entries
      .filter((e) => !e.Key.endsWith('/'))
      .map((e) => ({
        key: `/${e.Key}`,
        value: e.Value === null ? '' : Buffer.from(e.Value, 'base64').toString('utf8'),
        version: String(e.ModifyIndex),
      }))
  }

  async put(key: string, value: string, expectedVersion?: string): Promise<void> {
    // ModifyIndex starts at 1, and Consul reads cas=0 as "create if absent": compare-and-set never creates
    if (expectedVersion === '0') throw new VersionConflictError(key)
    const cas = expectedVersion !== undefined ? `&cas=${encodeURIComponent(expectedVersion)}` : ''
    const answer = await this.http.send(
      'write to',
      'PUT',
      `/v1/kv/${consulPath(key)}?${cas.slice(1)}${this.query}`,
      value,
    )
    this.check(answer, 'write')
    if (answer.status !== 200)
      throw new DcsUnreachableError(`consul write failed: ${answer.status} ${answer.text.slice(0, 80)}`)
    if (answer.text.trim() !== 'true') {
      if (expectedVersion !== undefined) throw new VersionConflictError(key)
      throw new DcsUnreachableError(`consul did not store ${key}`)
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    const answer = await this.http.send('delete from', 'DELETE', `/v1/kv/${consulPath(prefix)}?recurse${this.query}`)
    this.check(answer, 'delete')
    if (answer.status !== 200)
      throw new DcsUnreachableError(`consul delete failed: ${answer.status} ${answer.text.slice(0, 80)}`)
  }

  async close(): Promise<void> {
    await this.http.close()
  }
}
