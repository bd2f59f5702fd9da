import type { KvRecord, KvStore } from './kv-store.js'

export interface StoreObserver {
  /** a write is about to be sent (for the Ctrl-C report of what may still happen) */
  readonly onWrite?: (what: string) => void
  /** something the user should know that does not stop the command (stderr) */
  readonly onNote?: (line: string) => void
  /** the store is closed after `roundTrips` calls (PTCTL_DCS_STATS; the benchmarks check reads stay one trip) */
  readonly onClose?: (roundTrips: number) => void
}

/** A KvStore that counts its calls and tells about its writes. */
export class ObservedKvStore implements KvStore {
  calls = 0

  constructor(
    private readonly inner: KvStore,
    private readonly observer: StoreObserver,
  ) {}

  get description(): string {
    return this.inner.description
  }
  list(prefix: string): Promise<KvRecord[]> {
    this.calls++
    return this.inner.list(prefix)
  }
  put(key: string, value: string, expectedVersion?: string): Promise<void> {
    this.calls++
    this.observer.onWrite?.(`a write of ${key}`)
    return this.inner.put(key, value, expectedVersion)
  }
  deletePrefix(prefix: string): Promise<void> {
    this.calls++
    this.observer.onWrite?.(`a delete of ${prefix}`)
    return this.inner.deletePrefix(prefix)
  }
  close(): Promise<void> {
    this.observer.onClose?.(this.calls)
    return this.inner.close()
  }
}
