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

/**
 * Polls until `check` holds and returns the value that passed; when the time is up it fails, saying what was awaited
 * and what was seen last (a precondition that never came is a failure, never a silent pass).
 */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs: number,
  awaited: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let v = await read()
  while (!check(v)) {
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${awaited}; last seen: ${describe(v)}`)
    await new Promise((r) => setTimeout(r, 250))
    v = await read()
  }
  return v
}

function describe(v: unknown): string {
  const cluster = v as Partial<Cluster> | undefined
  if (cluster?.members !== undefined) {
    const members = cluster.members.map((m) => `${m.name} ${m.state ?? '?'} TL${m.timeline ?? '?'}`).join(', ')
    return `leader ${cluster.leader?.value ?? 'none'}; ${members}; failover ${JSON.stringify(cluster.failover?.value ?? null)}`
  }
  return JSON.stringify(v)?.slice(0, 300) ?? String(v)
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
