import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { UsageError } from '../errors.js'

export interface SandboxProcess {
  readonly name: string
  readonly pid: number
  readonly log: string
}

export interface SandboxNode extends SandboxProcess {
  readonly pgPort: number
  readonly restPort: number
  readonly dataDir: string
  readonly configFile: string
}

/** What `sandbox up` started, so `down` stops exactly those processes. */
export interface SandboxState {
  readonly scope: string
  readonly dir: string
  readonly dcs: 'etcd3'
  readonly etcd: SandboxProcess & { readonly clientPort: number; readonly peerPort: number }
  readonly nodes: readonly SandboxNode[]
  /** the patronictl/ptctl config to give with -c */
  readonly ctlConfig: string
  readonly restAuth?: { readonly username: string; readonly password: string }
}

export const stateFile = (dir: string): string => join(dir, 'sandbox.json')

export function readState(dir: string): SandboxState | undefined {
  let text: string
  try {
    text = readFileSync(stateFile(dir), 'utf8')
  } catch {
    return undefined
  }
  try {
    return JSON.parse(text) as SandboxState
  } catch {
    throw new UsageError(`${stateFile(dir)} is not a sandbox state file`)
  }
}

export function writeState(state: SandboxState): void {
  writeFileSync(stateFile(state.dir), `${JSON.stringify(state, null, 2)}\n`)
}
