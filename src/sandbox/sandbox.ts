import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

import { ActionError, UsageError } from '../errors.js'
import { findBinaries } from './binaries.js'
import { etcdCommand, zookeeperCommand } from './dcs-servers.js'
import { ctlConfig, patroniConfig } from './configs.js'
import { freePorts, waitForPort } from './ports.js'
import { isAlive, postmasterPid, startDetached, stopPid } from './processes.js'
import { readState, writeState, type SandboxDcs, type SandboxNode, type SandboxState } from './state.js'
import { waitForHealthyCluster } from './wait.js'

export interface SandboxUpOptions {
  readonly dcs: SandboxDcs
  readonly dir: string
  readonly scope: string
  readonly nodes: number
  readonly timeoutMs: number
  readonly restAuth?: { readonly username: string; readonly password: string }
  readonly progress: (line: string) => void
}

const POSTGRES_USER = 'postgres'

/** uid/gid of the postgres account: PostgreSQL refuses to run as root. */
function postgresIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${POSTGRES_USER}:`))
  const parts = line?.split(':') ?? []
  const uid = Number(parts[2])
  const gid = Number(parts[3])
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new UsageError(
      'Running as root but there is no postgres user: install with: apt-get install -y postgresql-15',
    )
  }
  return { uid, gid }
}

/** PostgreSQL runs as postgres, which must be able to walk down to its data directory. */
function assertTraversable(dir: string): void {
  for (let d = dirname(dir); ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new UsageError(
        `The postgres user cannot reach ${dir}: ${d} is not world-traversable (chmod o+x ${d}, or give --dir under /tmp)`,
      )
    }
    if (d === dirname(d)) return
  }
}

/** Starts the DCS server the cluster will use: etcd for etcd3/etcd, ZooKeeper for zookeeper. */
function startStore(
  dcs: SandboxDcs,
  dir: string,
  clientPort: number,
  peerPort: number,
  progress: (line: string) => void,
): SandboxState['store'] {
  const kind = dcs === 'zookeeper' ? 'zookeeper' : 'etcd'
  const storeDir = join(dir, kind)
  mkdirSync(storeDir, { recursive: true })
  const log = join(dir, `${kind}.log`)
  const { command, args } =
    kind === 'zookeeper'
      ? zookeeperCommand(storeDir, clientPort)
      : etcdCommand(join(storeDir, 'data'), clientPort, peerPort)
  progress(`starting ${kind} on 127.0.0.1:${clientPort}`)
  return { name: kind, pid: startDetached(command, args, log, process.env), log, clientPort }
}

/** Starts etcd and N Patroni nodes on free loopback ports, and waits for a leader and N-1 streaming replicas. */
export async function sandboxUp(options: SandboxUpOptions): Promise<SandboxState> {
  const dir = resolve(options.dir)
  const existing = readState(dir)
  if (existing && (isAlive(existing.store.pid) || existing.nodes.some((n) => isAlive(n.pid)))) {
    throw new ActionError(`A sandbox is already running in ${dir} (ptctl sandbox down --dir ${dir} stops it)`)
  }
  if (options.nodes < 1 || options.nodes > 9) throw new UsageError('--nodes must be between 1 and 9')
  const bins = findBinaries(options.dcs)
  const ids = postgresIds()

  mkdirSync(dir, { recursive: true })
  chmodSync(dir, 0o755)
  if (ids) assertTraversable(dir)
  const [clientPort = 0, peerPort = 0, ...nodePorts] = await freePorts(2 + 2 * options.nodes)

  const store = startStore(options.dcs, dir, clientPort, peerPort, options.progress)
  // Patroni gives up at start when its DCS does not answer (kazoo: "Connection time-out"); a JVM can take a while
  try {
    await waitForPort(clientPort, 90_000)
  } catch {
    throw new ActionError(`${store.name} did not listen on 127.0.0.1:${clientPort} within 90s; its log is ${store.log}`)
  }
  const ctlConfigPath = join(dir, 'patronictl.yaml')
  writeFileSync(ctlConfigPath, ctlConfig(options.dcs, options.scope, clientPort, options.restAuth))

  const nodes: SandboxNode[] = []
  let state: SandboxState = {
    scope: options.scope,
    dir,
    dcs: options.dcs,
    store,
    nodes,
    ctlConfig: ctlConfigPath,
    ...(options.restAuth ? { restAuth: options.restAuth } : {}),
  }
  writeState(state)

  for (let i = 0; i < options.nodes; i++) {
    const name = `pg${i + 1}`
    const nodeDir = join(dir, name)
    const dataDir = join(nodeDir, 'data')
    const pgPort = nodePorts[2 * i] ?? 0
    const restPort = nodePorts[2 * i + 1] ?? 0
    mkdirSync(nodeDir, { recursive: true })
    const configFile = join(nodeDir, 'patroni.yml')
    writeFileSync(
      configFile,
      patroniConfig({
        scope: options.scope,
        name,
        dir: nodeDir,
        dataDir,
        pgPort,
        restPort,
        dcs: options.dcs,
        dcsPort: clientPort,
        pgBinDir: bins.pgBinDir,
        ...(options.restAuth ? { restAuth: options.restAuth } : {}),
      }),
    )
    const log = join(nodeDir, 'patroni.log')
    writeFileSync(log, '')
    if (ids) {
      chownSync(nodeDir, ids.uid, ids.gid)
      chownSync(configFile, ids.uid, ids.gid)
      chownSync(log, ids.uid, ids.gid)
    }
    chmodSync(nodeDir, 0o700)
    const env = { ...process.env, HOME: nodeDir, PGPASSFILE: join(nodeDir, 'pgpass') }
    // setpriv execs patroni, so the PID we record is Patroni's own
    const pid = ids
      ? startDetached(
          bins.setpriv,
          [`--reuid=${ids.uid}`, `--regid=${ids.gid}`, '--init-groups', bins.patroni, configFile],
          log,
          env,
        )
      : startDetached(bins.patroni, [configFile], log, env)
    options.progress(`started Patroni ${name} (PostgreSQL 127.0.0.1:${pgPort}, REST API 127.0.0.1:${restPort})`)
    nodes.push({ name, pid, log, pgPort, restPort, dataDir, configFile })
    state = { ...state, nodes: [...nodes] }
    writeState(state)
  }

  await waitForHealthyCluster(state, options.timeoutMs, options.progress)
  return state
}

export interface StopReport {
  readonly stopped: string[]
}

/** Stops exactly the processes recorded by `up` (Patroni nodes, their postmasters, then etcd). */
export async function sandboxDown(dirOption: string): Promise<StopReport> {
  const dir = resolve(dirOption)
  const state = readState(dir)
  if (!state) throw new ActionError(`No sandbox in ${dir}`)
  const stopped: string[] = []
  await Promise.all(
    state.nodes.map(async (node) => {
      if (isAlive(node.pid)) stopped.push(`${node.name} (pid ${node.pid})`)
      await stopPid(node.pid, 20_000)
      const pm = postmasterPid(node.dataDir)
      if (pm !== undefined) {
        stopped.push(`${node.name} postmaster (pid ${pm})`)
        await stopPid(pm, 10_000)
      }
    }),
  )
  if (isAlive(state.store.pid)) stopped.push(`${state.store.name} (pid ${state.store.pid})`)
  await stopPid(state.store.pid, 10_000)
  return { stopped }
}

export interface ProcessStatus {
  readonly name: string
  readonly pid: number
  readonly running: boolean
  readonly address: string
}

export function sandboxStatus(dirOption: string): { state: SandboxState; processes: ProcessStatus[] } {
  const dir = resolve(dirOption)
  const state = readState(dir)
  if (!state || !existsSync(dir)) throw new ActionError(`No sandbox in ${dir}`)
  return {
    state,
    processes: [
      {
        name: state.store.name,
        pid: state.store.pid,
        running: isAlive(state.store.pid),
        address: `127.0.0.1:${state.store.clientPort}`,
      },
      ...state.nodes.map((n) => ({
        name: n.name,
        pid: n.pid,
        running: isAlive(n.pid),
        address: `pg 127.0.0.1:${n.pgPort}, rest 127.0.0.1:${n.restPort}`,
      })),
    ],
  }
}
