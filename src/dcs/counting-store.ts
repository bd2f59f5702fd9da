import type { KvRecord, KvStore } from './kv-store.js'

/** Counts the calls that reach the store: the benchmarks check that reads stay one round trip whatever the size. */
export class CountingKvStore implements KvStore {
  calls = 0

  constructor(private readonly inner: KvStore) {}

  get description(): string {
    return this.inner.description
  }
  list(prefix: string): Promise<KvRecord[]> {
    this.calls++
    return this.inner.list(prefix)
  }
  put(key: string, value: string, expectedVersion?: string): Promise<void> {
    this.calls++
    return this.inner.put(key, value, expectedVersion)
  }
  deletePrefix(prefix: string): Promise<void> {
    this.calls++
    return this.inner.deletePrefix(prefix)
  }
  close(): Promise<void> {
    return this.inner.close()
  }
}
