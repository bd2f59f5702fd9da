import type { RestTlsFiles } from './configs.js'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { UsageError } from '../errors.js'

export interface SandboxProcess {
  readonly name: string
  readonly pid: number
  /** with the PID, names the process for good (absent in files written before it was recorded) */
  readonly startTicks?: string
  readonly log: string
}

export interface SandboxNode extends SandboxProcess {
  readonly pgPort: number
  readonly restPort: number
  readonly dataDir: string
  readonly configFile: string
}

/** The stores the sandbox can run Patroni on. */
export const SANDBOX_DCS = ['etcd3', 'etcd', 'zookeeper'] as const
export type SandboxDcs = (typeof SANDBOX_DCS)[number]

/** What `sandbox up` started, so `down` stops exactly those processes. */
export interface SandboxState {
  readonly scope: string
  readonly dir: string
  readonly dcs: SandboxDcs
  /** the DCS server process: etcd (v3 and v2 APIs) or ZooKeeper */
  readonly store: SandboxProcess & { readonly clientPort: number }
  readonly nodes: readonly SandboxNode[]
  /** the patronictl/ptctl config to give with -c */
  readonly ctlConfig: string
  readonly restAuth?: { readonly username: string; readonly password: string }
  /** the REST API over TLS with client certificates required, from the sandbox's own CA in `<dir>/tls` */
  readonly restTls?: RestTlsFiles
}

export const stateFile = (dir: string): string => join(dir, 'sandbox.json')

export function readState(dir: string): SandboxState | undefined {
  let text: string
  try {
    text = readFileSync(stateFile(dir), 'utf8')
  } catch {
    return undefined
  }
  let raw: SandboxState & { etcd?: SandboxState['store'] }
  try {
    raw = JSON.parse(text) as SandboxState & { etcd?: SandboxState['store'] }
  } catch {
    throw new UsageError(`${stateFile(dir)} is not a sandbox state file`)
  }
  // files written before --dcs existed name the store `etcd`
  const store = raw.store ?? raw.etcd
  if (!store || !Array.isArray(raw.nodes)) throw new UsageError(`${stateFile(dir)} is not a sandbox state file`)
  return { ...raw, store }
}

export function writeState(state: SandboxState): void {
  writeFileSync(stateFile(state.dir), `${JSON.stringify(state, null, 2)}\n`)
}
