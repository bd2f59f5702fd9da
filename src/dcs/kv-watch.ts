import type { KvRecord } from '../cluster/key-layout.js'
import { DcsUnreachableError } from '../errors.js'

/** One key changed: its new value, or `undefined` when it was deleted (or expired). */
export interface KvChange {
  readonly key: string
  readonly value: string | undefined
  readonly version: string
}

/**
 * What a watch reports, in order. `snapshot` is everything under the prefix: the first event, and again after the
 * watch had to read everything afresh (a reconnect that could not resume, history compacted away), when changes in
 * between may have been coalesced. `changes` are applied on top, in the order the store made them.
 */
export type KvWatchEvent =
  | { readonly kind: 'snapshot'; readonly records: readonly KvRecord[]; readonly resync: boolean }
  /** the changes of one store revision (a transaction's keys together), the revisions in order */
  | { readonly kind: 'changes'; readonly changes: readonly KvChange[] }
  /** the watch lost the store and is trying again; nothing is reported until it is back */
  | { readonly kind: 'reconnecting'; readonly reason: string }
  /** the watch is back; `how` says whether it resumed where it was or read everything again */
  | { readonly kind: 'resumed'; readonly how: string }

export interface KvWatchOptions {
  /** the watch ends (its promise resolves) when this aborts */
  readonly signal: AbortSignal
  /** after this long without reaching any endpoint, the watch gives up with DcsUnreachableError (exit 3) */
  readonly giveUpAfterMs: number
}

/** The keys under a prefix kept current from a watch's events; what the parser reads after each one. */
export class WatchMirror {
  private readonly records = new Map<string, KvRecord>()

  /** Applies one event; true when the set of records may have changed. */
  apply(event: KvWatchEvent): boolean {
    switch (event.kind) {
      case 'snapshot':
        this.records.clear()
        for (const r of event.records) this.records.set(r.key, r)
        return true
      case 'changes':
        for (const c of event.changes) {
          if (c.value === undefined) this.records.delete(c.key)
          else this.records.set(c.key, { key: c.key, value: c.value, version: c.version })
        }
        return event.changes.length > 0
      case 'reconnecting':
      case 'resumed':
        return false
    }
  }

  list(): KvRecord[] {
    return [...this.records.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  /** The changes that turn what is mirrored into `records` (for stores whose watch answers with everything). */
  diff(records: readonly KvRecord[]): KvChange[] {
    const changes: KvChange[] = []
    const seen = new Set<string>()
    for (const r of records) {
      seen.add(r.key)
      const before = this.records.get(r.key)
      if (before === undefined || before.value !== r.value || before.version !== r.version)
        changes.push({ key: r.key, value: r.value, version: r.version })
    }
    for (const key of this.records.keys()) if (!seen.has(key)) changes.push({ key, value: undefined, version: '0' })
    return changes
  }
}

/**
 * How long a watch has been without its store, and when to give up. Waits between attempts grow from 100 ms to
 * 2 s, so a store that comes back is found quickly and one that does not is not hammered.
 */
export class Reconnection {
  private since: number | undefined
  private attempt = 0
  private lastReason = ''

  constructor(
    private readonly what: string,
    private readonly giveUpAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get lost(): boolean {
    return this.since !== undefined
  }

  /** A failure: reports `reconnecting` the first time, throws once the store has been away too long. */
  failed(reason: string, report: (event: KvWatchEvent) => void): void {
    this.lastReason = reason
    if (this.since === undefined) {
      this.since = this.now()
      report({ kind: 'reconnecting', reason })
    }
    if (this.now() - this.since >= this.giveUpAfterMs) {
      throw new DcsUnreachableError(
        `Lost the ${this.what} watch: no endpoint answered for ${Math.round(this.giveUpAfterMs / 1000)}s (${this.lastReason})`,
      )
    }
    this.attempt++
  }

  /** Back: reports how, and starts counting afresh. */
  succeeded(how: string, report: (event: KvWatchEvent) => void): void {
    if (this.since !== undefined) report({ kind: 'resumed', how })
    this.since = undefined
    this.attempt = 0
  }

  /** The pause before the next attempt. */
  get delayMs(): number {
    return Math.min(2000, 100 * 2 ** Math.max(0, this.attempt - 1))
  }
}

/** Waits `ms`, or less when `signal` aborts (then resolves: the caller checks the signal). */
export function pauseUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve()
      return
    }
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
