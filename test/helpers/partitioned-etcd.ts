import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'

import { run } from './cli.js'
import { tempDir, track, trackProcess } from './leftovers.js'

const IP = '/usr/sbin/ip'

/**
 * Three real etcd members, each in its own network namespace, with two networks between them: a peer network (raft)
 * and a client network, both bridges in a hub namespace. A client namespace for ptctl sits on the client network
 * only. Cutting a member's peer link leaves it reachable by clients but alone, in a minority: what an etcd member on
 * the wrong side of a partition looks like from a client. Nothing touches the host's own network.
 */
export interface PartitionedEtcd {
  /** the namespace to run ptctl and etcdctl in */
  readonly clientNs: string
  /** the members' client URLs, m1 first */
  readonly endpoints: readonly string[]
  /** cuts member `i` (0-based) off from its peers, or joins it again */
  cut(i: number): Promise<void>
  heal(i: number): Promise<void>
  /** etcdctl (v3 API, or v2 with `api: '2'`) from the client namespace against `endpoint` */
  etcdctl(
    endpoint: string,
    args: readonly string[],
    api?: '2' | '3',
  ): Promise<{ code: number; stdout: string; stderr: string }>
}

function ip(args: readonly string[]): void {
  const r = spawnSync(IP, [...args], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${(r.stderr || r.error?.message || '').trim()}`)
}

const peerAddress = (i: number) => `10.10.1.${i + 1}`
const clientAddress = (i: number) => `10.10.2.${i + 1}`

export async function startPartitionedEtcd(): Promise<PartitionedEtcd> {
  if (process.getuid?.() !== 0) throw new Error('the partition tests make network namespaces: run them as root')
  // names are per run; addresses live inside the namespaces, so parallel runs never meet
  const tag = `ptp${process.pid}`
  const hub = `${tag}-hub`
  const members = [0, 1, 2].map((i) => `${tag}-m${i + 1}`)
  const clientNs = `${tag}-cl`
  for (const ns of [hub, ...members, clientNs]) {
    ip(['netns', 'add', ns])
    track({ kind: 'netns', name: ns })
    ip(['-n', ns, 'link', 'set', 'lo', 'up'])
  }
  for (const bridge of ['brp', 'brc']) {
    ip(['-n', hub, 'link', 'add', bridge, 'type', 'bridge'])
    ip(['-n', hub, 'link', 'set', bridge, 'up'])
  }
  const plug = (ns: string, inside: string, outside: string, bridge: string, address: string) => {
    ip(['-n', hub, 'link', 'add', outside, 'type', 'veth', 'peer', 'name', inside, 'netns', ns])
    ip(['-n', hub, 'link', 'set', outside, 'master', bridge, 'up'])
    ip(['-n', ns, 'addr', 'add', `${address}/24`, 'dev', inside])
    ip(['-n', ns, 'link', 'set', inside, 'up'])
  }
  members.forEach((ns, i) => {
    plug(ns, 'peer0', `hp${i + 1}`, 'brp', peerAddress(i))
    plug(ns, 'client0', `hc${i + 1}`, 'brc', clientAddress(i))
  })
  plug(clientNs, 'client0', 'hc0', 'brc', '10.10.2.100')

  const initial = members.map((_, i) => `m${i + 1}=http://${peerAddress(i)}:2380`).join(',')
  members.forEach((ns, i) => {
    const dir = tempDir('ptctl-netns-etcd-')
    const child = spawn(
      IP,
      [
        'netns',
        'exec',
        ns,
        '/usr/bin/etcd',
        `--name=m${i + 1}`,
        `--data-dir=${join(dir, 'data')}`,
        `--listen-client-urls=http://${clientAddress(i)}:2379`,
        `--advertise-client-urls=http://${clientAddress(i)}:2379`,
        `--listen-peer-urls=http://${peerAddress(i)}:2380`,
        `--initial-advertise-peer-urls=http://${peerAddress(i)}:2380`,
        `--initial-cluster=${initial}`,
        '--initial-cluster-state=new',
        '--initial-cluster-token=ptctl-partition',
        '--enable-v2=true',
      ],
      { stdio: 'ignore' },
    )
    trackProcess(child.pid)
  })
  const endpoints = members.map((_, i) => `http://${clientAddress(i)}:2379`)
  const etcdctl: PartitionedEtcd['etcdctl'] = (endpoint, args, api = '3') =>
    run(
      '/usr/bin/etcdctl',
      [`--endpoints=${endpoint}`, ...(api === '3' ? ['--command-timeout=3s'] : ['--timeout=3s']), ...args],
      { netns: clientNs, env: { ETCDCTL_API: api }, timeoutMs: 15_000 },
    )
  const deadline = Date.now() + 30_000
  for (;;) {
    const health = await etcdctl(endpoints.join(','), ['endpoint', 'health'])
    if (health.code === 0) break
    if (Date.now() > deadline) throw new Error(`the namespaced etcd cluster did not come up: ${health.stderr}`)
    await new Promise((r) => setTimeout(r, 300))
  }
  return {
    clientNs,
    endpoints,
    cut: (i) => Promise.resolve(ip(['-n', hub, 'link', 'set', `hp${i + 1}`, 'down'])),
    heal: (i) => Promise.resolve(ip(['-n', hub, 'link', 'set', `hp${i + 1}`, 'up'])),
    etcdctl,
  }
}
