import type { DcsProbe } from './endpoint-probe.js'
import type { KvRecord, KvStore } from './kv-store.js'
import type { KvWatchEvent, KvWatchOptions } from './kv-watch.js'

/** Round trips to the DCS so far (PTCTL_DCS_STATS; the benchmarks check that a read stays one trip). */
export interface DcsCounters {
  /** reads and writes; a watch's reads of everything (`snapshot`) count here */
  roundTrips: number
  /** a watch's change notifications */
  notifications: number
}

export interface StoreObserver {
  /** a write is about to be sent (for the Ctrl-C report of what may still happen) */
  readonly onWrite?: (what: string) => void
  /** something the user should know that does not stop the command (stderr) */
  readonly onNote?: (line: string) => void
  /** kept up to date as calls are made */
  readonly counters?: DcsCounters
  /** the store is closed */
  readonly onClose?: () => void
}

/** A KvStore that counts its calls and tells about its writes. */
export class ObservedKvStore implements KvStore {
  private readonly counters: DcsCounters

  constructor(
    private readonly inner: KvStore,
    private readonly observer: StoreObserver,
  ) {
    this.counters = observer.counters ?? { roundTrips: 0, notifications: 0 }
    const probe = inner.probeEndpoints?.bind(inner)
    if (probe)
      this.probeEndpoints = () => {
        this.counters.roundTrips++
        return probe()
      }
  }

  readonly probeEndpoints?: () => Promise<DcsProbe>

  get description(): string {
    return this.inner.description
  }
  list(prefix: string): Promise<KvRecord[]> {
    this.counters.roundTrips++
    return this.inner.list(prefix)
  }
  put(key: string, value: string, expectedVersion?: string): Promise<void> {
    this.counters.roundTrips++
    this.observer.onWrite?.(`a write of ${key}`)
    return this.inner.put(key, value, expectedVersion)
  }
  deletePrefix(prefix: string): Promise<void> {
    this.counters.roundTrips++
    this.observer.onWrite?.(`a delete of ${prefix}`)
    return this.inner.deletePrefix(prefix)
  }
  watch(prefix: string, onEvent: (event: KvWatchEvent) => void, o: KvWatchOptions): Promise<void> {
    return this.inner.watch(
      prefix,
      (event) => {
        if (event.kind === 'snapshot') this.counters.roundTrips++
        if (event.kind === 'changes') this.counters.notifications++
        onEvent(event)
      },
      o,
    )
  }
  close(): Promise<void> {
    this.observer.onClose?.()
    return this.inner.close()
  }
}
