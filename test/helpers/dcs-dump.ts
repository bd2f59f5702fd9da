import { Etcd3Store } from '../../src/dcs/etcd3-store.js'
import { KvDcs } from '../../src/dcs/kv-dcs.js'
import type { Cluster } from '../../src/cluster/types.js'

export function sandboxStore(port: number): Etcd3Store {
  return new Etcd3Store(
    { kind: 'etcd3', hosts: [`127.0.0.1:${port}`], protocol: 'http', tls: { insecure: false }, section: {} },
    5000,
  )
}

/**
 * The keys a ctl command could change, with their values: everything but what Patroni rewrites on its own every
 * loop (member keys, /status, the leader's lease refresh).
 */
export async function stableDump(port: number, scope = 'demo'): Promise<Record<string, string>> {
  const store = sandboxStore(port)
  try {
    const records = await store.list(`/service/${scope}/`)
    const out: Record<string, string> = {}
    for (const r of records) {
      const name = r.key.slice(`/service/${scope}/`.length)
      if (name.startsWith('members/') || name === 'status' || name === 'optime/leader') continue
      out[name] = r.value
    }
    return out
  } finally {
    await store.close()
  }
}

export async function readSandboxCluster(port: number, scope = 'demo'): Promise<Cluster> {
  const dcs = new KvDcs(sandboxStore(port), '/service/')
  try {
    return await dcs.getCluster(scope)
  } finally {
    await dcs.close()
  }
}

/** Polls until `check` holds or the time is up; returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let v = await read()
  while (!check(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250))
    v = await read()
  }
  return v
}

export async function sandboxKey(
  port: number,
  name: string,
  scope = 'demo',
): Promise<{ value: string; version: string } | undefined> {
  const store = sandboxStore(port)
  try {
    return (await store.list(`/service/${scope}/${name}`)).find((r) => r.key === `/service/${scope}/${name}`)
  } finally {
    await store.close()
  }
}
