import type { CtlConfig, DcsKind, DcsSettings } from '../config/types.js'
import { UsageError } from '../errors.js'
import type { Dcs } from './dcs.js'
import type { KvStore } from './kv-store.js'
import { ObservedKvStore, type StoreObserver } from './observed-store.js'
import { KvDcs } from './kv-dcs.js'

const NO_DCS =
  'Can not find suitable configuration of distributed configuration store (give -c with an etcd3/etcd/zookeeper/consul section, or -d URL)'

/** Loads the adapter of the configured backend only now, so commands without DCS never pay for its client. */
async function openStore(settings: DcsSettings, timeoutMs: number, note: (line: string) => void): Promise<KvStore> {
  const kind: DcsKind = settings.kind
  switch (kind) {
    case 'etcd3': {
      const { Etcd3Store } = await import('./etcd3-store.js')
      return new Etcd3Store(settings, timeoutMs, note)
    }
    case 'etcd': {
      const { Etcd2Store } = await import('./etcd2-store.js')
      return new Etcd2Store(settings, timeoutMs)
    }
    case 'zookeeper': {
      const { ZooKeeperStore } = await import('./zookeeper-store.js')
      return new ZooKeeperStore(settings, timeoutMs)
    }
    case 'consul': {
      const { ConsulStore } = await import('./consul-store.js')
      return new ConsulStore(settings, timeoutMs)
    }
    case 'exhibitor':
    case 'kubernetes':
    case 'raft':
      throw new UsageError(`The ${kind} DCS is not supported by ptctl (supported: etcd3, etcd, zookeeper, consul)`)
  }
}

/** The configured DCS; the observer hears of writes and of the number of round trips. */
export async function openDcs(config: CtlConfig, observer: StoreObserver = {}): Promise<Dcs> {
  if (!config.dcs) throw new UsageError(NO_DCS)
  const store = await openStore(config.dcs, config.timeoutMs, observer.onNote ?? (() => undefined))
  return new KvDcs(new ObservedKvStore(store, observer), config.namespace)
}
