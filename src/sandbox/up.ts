import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { ActionError, UsageError } from '../errors.js'
import { throwIfAborted } from './abort.js'
import { findBinaries, type SandboxBinaries } from './binaries.js'
import { ctlConfig, patroniConfig, type RestTlsFiles } from './configs.js'
import { etcdCommand, zookeeperCommand } from './dcs-servers.js'
import { settleExisting } from './existing.js'
import { freePorts, portTaken, waitForPort } from './ports.js'
import { startDetached } from './processes.js'
import type { Account } from './reach.js'
import { assertNodesCanRun, nodeAccount } from './run-as.js'
import { StartWatch } from './start-watch.js'
import { makeThrowawayCa } from './throwaway-ca.js'
import { writeState, type SandboxDcs, type SandboxNode, type SandboxState } from './state.js'
import { stopSandboxProcesses } from './stop.js'
import { waitForHealthyCluster } from './wait.js'

export interface SandboxUpOptions {
  readonly dcs: SandboxDcs
  readonly dir: string
  readonly scope: string
  readonly nodes: number
  readonly timeoutMs: number
  readonly restAuth?: { readonly username: string; readonly password: string }
  /** the REST API over TLS, client certificates required, from a CA made for this sandbox */
  readonly restTls?: boolean
  /** another Patroni to run than Debian's (an executable) */
  readonly patroni?: string
  /** fixed ports from this one on (DCS client, DCS peer, then PostgreSQL and REST API of each node), else free ones */
  readonly portBase?: number
  readonly progress: (line: string) => void
  /** Ctrl-C or SIGTERM: stop what was started and end with the signal's reason */
  readonly signal?: AbortSignal
}

/** What `up` did: started a new cluster, or found the same one running in the folder and reused it. */
export type SandboxUpResult = SandboxState & { readonly outcome: 'started' | 'reused' }

/** Patroni gives up at start when its DCS does not answer (kazoo: "Connection time-out"); a JVM can take a while */
const STORE_START_MS = 90_000

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
  const started = startDetached(command, args, { log, env: process.env, cwd: storeDir })
  return { name, ...started, log, clientPort }
}

/**
 * The sandbox's own CA in `<dir>/tls`: the nodes' account reads the CA and the server certificate, and owns the
 * server key (0600); the client key stays the caller's.
 */
function sandboxCa(dir: string, account: Account): RestTlsFiles {
  const ca = makeThrowawayCa(join(dir, 'tls'))
  chmodSync(ca.dir, 0o755)
  for (const file of [ca.ca, ca.serverCert, ca.clientCert]) chmodSync(file, 0o644)
  if (account.uid !== process.getuid?.()) chownSync(ca.serverKey, account.uid, account.gids[0] ?? account.uid)
  chmodSync(ca.serverKey, 0o600)
  chmodSync(ca.clientKey, 0o600)
  return {
    ca: ca.ca,
    serverCert: ca.serverCert,
    serverKey: ca.serverKey,
    clientCert: ca.clientCert,
    clientKey: ca.clientKey,
  }
}

interface NodePlan {
  readonly name: string
  readonly pgPort: number
  readonly restPort: number
}

/** Writes a node's patroni.yml and starts Patroni on it, as the node account, working in the node's own folder. */
function startNode(
  plan: NodePlan,
  state: SandboxState,
  o: { bins: SandboxBinaries; account: Account; restAuth: SandboxUpOptions['restAuth'] },
): SandboxNode {
  const { restTls } = state
  const nodeDir = join(state.dir, plan.name)
  const dataDir = join(nodeDir, 'data')
  mkdirSync(nodeDir, { recursive: true })
  const configFile = join(nodeDir, 'patroni.yml')
  const { name, pgPort, restPort } = plan
  const { bins, account, restAuth } = o
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
      ...(restTls ? { restTls } : {}),
    }),
  )
  const log = join(nodeDir, 'patroni.log')
  writeFileSync(log, '')
  const asOther = account.uid !== process.getuid?.()
  if (asOther)
    for (const path of [nodeDir, configFile, log]) chownSync(path, account.uid, account.gids[0] ?? account.uid)
  chmodSync(nodeDir, 0o700)
  const env = { ...process.env, HOME: nodeDir, PGPASSFILE: join(nodeDir, 'pgpass') }
  const run = { log, env, cwd: nodeDir }
  // setpriv execs patroni, so the PID we record is Patroni's own
  const started = asOther
    ? startDetached(
        bins.setpriv,
        [
          `--reuid=${account.uid}`,
          `--regid=${account.gids[0] ?? account.uid}`,
          '--init-groups',
          bins.patroni,
          configFile,
        ],
        run,
      )
    : startDetached(bins.patroni, [configFile], run)
  return { name, ...started, log, pgPort, restPort, dataDir, configFile }
}

/** The steps after the first process is started; every one records what it started before the next begins. */
async function startCluster(
  options: SandboxUpOptions,
  dir: string,
  o: { bins: SandboxBinaries; account: Account; recorded: (state: SandboxState) => void },
): Promise<SandboxState> {
  const { progress, signal } = options
  const count = 2 + 2 * options.nodes
  const base = options.portBase
  const ports = base !== undefined ? Array.from({ length: count }, (_, i) => base + i) : await freePorts(count)
  const [clientPort = 0, peerPort = 0, ...nodePorts] = ports
  // another server on the DCS port would answer in its place; the nodes' ports are told by their own logs
  for (const [port, what] of [
    [clientPort, 'client'],
    [peerPort, 'peer'],
  ] as const)
    if (await portTaken(port))
      throw new UsageError(`Port ${port} (the DCS ${what} port) is in use on 127.0.0.1: choose another --port-base`)
  throwIfAborted(signal)
  const watch = new StartWatch(progress)
  const store = startStore(options.dcs, dir, [clientPort, peerPort])
  watch.add(store)
  const ctlConfigPath = join(dir, 'patronictl.yaml')
  const restTls = options.restTls === true ? sandboxCa(dir, o.account) : undefined
  let state: SandboxState = {
    scope: options.scope,
    dir,
    dcs: options.dcs,
    store,
    nodes: [],
    ctlConfig: ctlConfigPath,
    ...(options.restAuth ? { restAuth: options.restAuth } : {}),
    ...(restTls ? { restTls } : {}),
  }
  o.recorded(state)
  progress(`started ${store.name} on 127.0.0.1:${clientPort} (pid ${store.pid})`)
  await waitForPort(clientPort, STORE_START_MS, signal, () => watch.check()).catch((e: unknown) => {
    throwIfAborted(signal)
    if (e instanceof ActionError) throw e
    throw new ActionError(
      `${store.name} did not listen on 127.0.0.1:${clientPort}: ${(e as Error).message}; its log is ${store.log}`,
    )
  })
  writeFileSync(
    ctlConfigPath,
    ctlConfig(options.dcs, options.scope, clientPort, { auth: options.restAuth, tls: restTls }),
  )
  for (let i = 0; i < options.nodes; i++) {
    throwIfAborted(signal)
    const plan = { name: `pg${i + 1}`, pgPort: nodePorts[2 * i] ?? 0, restPort: nodePorts[2 * i + 1] ?? 0 }
    const node = startNode(plan, state, { bins: o.bins, account: o.account, restAuth: options.restAuth })
    watch.add(node)
    state = { ...state, nodes: [...state.nodes, node] }
    o.recorded(state)
    progress(`started Patroni ${node.name} (PostgreSQL 127.0.0.1:${node.pgPort}, REST API 127.0.0.1:${node.restPort})`)
  }
  await waitForHealthyCluster(state, { timeoutMs: options.timeoutMs, progress, watch, ...(signal ? { signal } : {}) })
  return state
}

/** The same cluster, already running in the folder: healthy within the timeout, or an error that leaves it be. */
async function reuse(state: SandboxState, options: SandboxUpOptions): Promise<SandboxUpResult> {
  const watch = new StartWatch(options.progress)
  for (const p of [state.store, ...state.nodes]) watch.add(p)
  const { signal } = options
  await waitForHealthyCluster(state, { ...options, watch, ...(signal ? { signal } : {}) }).catch((e: unknown) => {
    throwIfAborted(signal)
    throw new ActionError(
      `The sandbox already running in ${state.dir} is not healthy (${(e as Error).message}): ptctl sandbox down --dir ${state.dir}, then up again`,
    )
  })
  return { ...state, outcome: 'reused' }
}

/**
 * Starts a DCS server and N Patroni nodes on free loopback ports, and waits for a leader and N-1 streaming replicas.
 * The same cluster already running in the folder is reused; a stopped or broken one is replaced. Before anything
 * starts, the account the nodes run as must be able to reach every path they need. Whatever ends it early (a
 * timeout, a node that dies or logs a fault, Ctrl-C, SIGTERM) stops every process it had started; the logs stay in
 * the directory. Each process is recorded in sandbox.json as soon as it starts, so `sandbox down` stops them even
 * after `up` itself was killed.
 */
export async function sandboxUp(options: SandboxUpOptions): Promise<SandboxUpResult> {
  const dir = resolve(options.dir)
  if (options.nodes < 1 || options.nodes > 9) throw new UsageError('--nodes must be between 1 and 9')
  const bins = findBinaries(options.dcs, options.patroni)
  const account = nodeAccount()
  mkdirSync(dir, { recursive: true })
  chmodSync(dir, 0o755)
  assertNodesCanRun(account, dir, bins)
  const existing = await settleExisting(dir, options, options.progress)
  if (existing.kind === 'reuse') return reuse(existing.state, options)
  let started: SandboxState | undefined
  const recorded = (state: SandboxState) => {
    started = state
    writeState(state)
  }
  try {
    return { ...(await startCluster(options, dir, { bins, account, recorded })), outcome: 'started' }
  } catch (e) {
    if (started) {
      options.progress(`sandbox up did not finish: stopping what it started (logs stay in ${dir})`)
      const stopped = await stopSandboxProcesses(started)
      options.progress(stopped.length === 0 ? 'nothing was running' : `stopped ${stopped.join(', ')}`)
    }
    throw e
  }
}
