import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

import { ActionError } from '../errors.js'
import { isRunning } from './processes.js'
import { readState, type SandboxState } from './state.js'
import { stopSandboxProcesses } from './stop.js'

export interface StopReport {
  readonly stopped: string[]
}

/** Stops exactly the processes `up` recorded, even those of an `up` that crashed or was killed half-way. */
export async function sandboxDown(dirOption: string): Promise<StopReport> {
  const dir = resolve(dirOption)
  const state = readState(dir)
  if (!state) throw new ActionError(`No sandbox in ${dir}`)
  return { stopped: await stopSandboxProcesses(state) }
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
        running: isRunning(state.store),
        address: `127.0.0.1:${state.store.clientPort}`,
      },
      ...state.nodes.map((n) => ({
        name: n.name,
        pid: n.pid,
        running: isRunning(n),
        address: `pg 127.0.0.1:${n.pgPort}, rest 127.0.0.1:${n.restPort}`,
      })),
    ],
  }
}
