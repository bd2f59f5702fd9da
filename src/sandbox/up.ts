import { chmodSync, chownSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

import { ActionError, UsageError } from '../errors.js'
import { throwIfAborted } from './abort.js'
import { findBinaries, type SandboxBinaries } from './binaries.js'
import { ctlConfig, patroniConfig } from './configs.js'
import { etcdCommand, zookeeperCommand } from './dcs-servers.js'
import { freePorts, waitForPort } from './ports.js'
import { isRunning, startDetached } from './processes.js'
import { readState, writeState, type SandboxDcs, type SandboxNode, type SandboxState } from './state.js'
import { stopSandboxProcesses } from './stop.js'
import { waitForHealthyCluster } from './wait.js'

export interface SandboxUpOptions {
  readonly dcs: SandboxDcs
  readonly dir: string
  readonly scope: string
  readonly nodes: number
  readonly timeoutMs: number
  readonly restAuth?: { readonly username: string; readonly password: string }
  readonly progress: (line: string) => void
  /** Ctrl-C or SIGTERM: stop what was started and end with the signal's reason */
  readonly signal?: AbortSignal
}

const POSTGRES_USER = 'postgres'
/** Patroni gives up at start when its DCS does not answer (kazoo: "Connection time-out"); a JVM can take a while */
const STORE_START_MS = 90_000

interface Ids {
  readonly uid: number
  readonly gid: number
}

/** uid/gid of the postgres account: PostgreSQL refuses to run as root. */
function postgresIds(): Ids | undefined {
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

function refuseRunningSandbox(dir: string): void {
  const existing = readState(dir)
  if (existing && [existing.store, ...existing.nodes].some(isRunning)) {
    throw new ActionError(`A sandbox is already running in ${dir} (ptctl sandbox down --dir ${dir} stops it)`)
  }
}

/** Starts the DCS server the cluster will use: etcd for etcd3/etcd, ZooKeeper for zookeeper. */
function startStore(dcs: SandboxDcs, dir: string, ports: readonly [number, number]): SandboxState['store'] {
  const name = dcs === 'zookeeper' ? 'zookeeper' : 'etcd'
  const storeDir = join(dir, name)
  mkdirSync(storeDir, { recursive: true })
  const log = join(dir, `${name}.log`)
  const [clientPort, peerPort] = ports
  const { command, args } =
    name === 'zookeeper'
      ? zookeeperCommand(storeDir, clientPort)
      : etcdCommand(join(storeDir, 'data'), clientPort, peerPort)
  const started = startDetached(command, args, log, process.env)
  return { name, ...started, log, clientPort }
}

interface NodePlan {
  readonly name: string
  readonly pgPort: number
  readonly restPort: number
}

/** Writes a node's patroni.yml and starts Patroni on it (as postgres when we are root). */
function startNode(
  plan: NodePlan,
  state: SandboxState,
  o: { bins: SandboxBinaries; ids: Ids | undefined; restAuth: SandboxUpOptions['restAuth'] },
): SandboxNode {
  const nodeDir = join(state.dir, plan.name)
  const dataDir = join(nodeDir, 'data')
  mkdirSync(nodeDir, { recursive: true })
  const configFile = join(nodeDir, 'patroni.yml')
  const { name, pgPort, restPort } = plan
  const { bins, ids, restAuth } = o
  writeFileSync(
    configFile,
    patroniConfig({
      scope: state.scope,
      name,
      dir: nodeDir,
      dataDir,
      pgPort,
      restPort,
      dcs: state.dcs,
      dcsPort: state.store.clientPort,
      pgBinDir: bins.pgBinDir,
      ...(restAuth ? { restAuth } : {}),
    }),
  )
  const log = join(nodeDir, 'patroni.log')
  writeFileSync(log, '')
  if (ids) for (const path of [nodeDir, configFile, log]) chownSync(path, ids.uid, ids.gid)
  chmodSync(nodeDir, 0o700)
  const env = { ...process.env, HOME: nodeDir, PGPASSFILE: join(nodeDir, 'pgpass') }
  // setpriv execs patroni, so the PID we record is Patroni's own
  const asPostgres = ids ? [`--reuid=${ids.uid}`, `--regid=${ids.gid}`, '--init-groups', bins.patroni] : []
  const started = ids
    ? startDetached(bins.setpriv, [...asPostgres, configFile], log, env)
    : startDetached(bins.patroni, [configFile], log, env)
  return { name, ...started, log, pgPort, restPort, dataDir, configFile }
}

/** The steps after the first process is started; every one records what it started before the next begins. */
async function startCluster(
  options: SandboxUpOptions,
  dir: string,
  o: { bins: SandboxBinaries; ids: Ids | undefined; recorded: (state: SandboxState) => void },
): Promise<SandboxState> {
  const { progress, signal } = options
  const [clientPort = 0, peerPort = 0, ...nodePorts] = await freePorts(2 + 2 * options.nodes)
  throwIfAborted(signal)
  const store = startStore(options.dcs, dir, [clientPort, peerPort])
  const ctlConfigPath = join(dir, 'patronictl.yaml')
  let state: SandboxState = {
    scope: options.scope,
    dir,
    dcs: options.dcs,
    store,
    nodes: [],
    ctlConfig: ctlConfigPath,
    ...(options.restAuth ? { restAuth: options.restAuth } : {}),
  }
  o.recorded(state)
  progress(`started ${store.name} on 127.0.0.1:${clientPort} (pid ${store.pid})`)
  await waitForPort(clientPort, STORE_START_MS, signal).catch((e: unknown) => {
    throwIfAborted(signal)
    throw new ActionError(
      `${store.name} did not listen on 127.0.0.1:${clientPort}: ${(e as Error).message}; its log is ${store.log}`,
    )
  })
  writeFileSync(ctlConfigPath, ctlConfig(options.dcs, options.scope, clientPort, options.restAuth))
  for (let i = 0; i < options.nodes; i++) {
    throwIfAborted(signal)
    const plan = { name: `pg${i + 1}`, pgPort: nodePorts[2 * i] ?? 0, restPort: nodePorts[2 * i + 1] ?? 0 }
    const node = startNode(plan, state, { bins: o.bins, ids: o.ids, restAuth: options.restAuth })
    state = { ...state, nodes: [...state.nodes, node] }
    o.recorded(state)
    progress(`started Patroni ${node.name} (PostgreSQL 127.0.0.1:${node.pgPort}, REST API 127.0.0.1:${node.restPort})`)
  }
  await waitForHealthyCluster(state, options.timeoutMs, progress, signal)
  return state
}

/**
 * Starts a DCS server and N Patroni nodes on free loopback ports, and waits for a leader and N-1 streaming replicas.
 * Whatever ends it early (a timeout, a node that dies, Ctrl-C, SIGTERM) stops every process it had started; the
 * logs stay in the directory. Each process is recorded in sandbox.json as soon as it starts, so `sandbox down` stops
 * them even after `up` itself was killed.
 */
export async function sandboxUp(options: SandboxUpOptions): Promise<SandboxState> {
  const dir = resolve(options.dir)
  refuseRunningSandbox(dir)
  if (options.nodes < 1 || options.nodes > 9) throw new UsageError('--nodes must be between 1 and 9')
  const bins = findBinaries(options.dcs)
  const ids = postgresIds()
  mkdirSync(dir, { recursive: true })
  chmodSync(dir, 0o755)
  if (ids) assertTraversable(dir)
  let started: SandboxState | undefined
  const recorded = (state: SandboxState) => {
    started = state
    writeState(state)
  }
  try {
    return await startCluster(options, dir, { bins, ids, recorded })
  } catch (e) {
    if (started) {
      options.progress(`sandbox up did not finish: stopping what it started (logs stay in ${dir})`)
      const stopped = await stopSandboxProcesses(started)
      options.progress(stopped.length === 0 ? 'nothing was running' : `stopped ${stopped.join(', ')}`)
    }
    throw e
  }
}
