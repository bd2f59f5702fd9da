import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'

import { ActionError } from '../errors.js'
import { isRunning } from './processes.js'
import { readState, stateFile, type SandboxDcs, type SandboxState } from './state.js'
import { stopSandboxProcesses } from './stop.js'

/** The settings `up` was asked for, to compare with a sandbox already in the folder. */
export interface WantedSandbox {
  readonly dcs: SandboxDcs
  readonly scope: string
  readonly nodes: number
  readonly restAuth?: { readonly username: string; readonly password: string }
  readonly restTls?: boolean
}

/** What `up` does with the folder: start afresh, or reuse the cluster running there. */
export type Existing = { readonly kind: 'none' } | { readonly kind: 'reuse'; readonly state: SandboxState }

const describe = (s: WantedSandbox) =>
  `${s.dcs}, ${s.nodes} node${s.nodes === 1 ? '' : 's'}, scope ${s.scope}${s.restTls === true ? ', REST API over TLS' : ''}`

function sameSettings(state: SandboxState, wanted: WantedSandbox): boolean {
  const auth = (a: WantedSandbox['restAuth']) => (a ? `${a.username}:${a.password}` : '')
  return (
    state.dcs === wanted.dcs &&
    state.scope === wanted.scope &&
    state.nodes.length === wanted.nodes &&
    auth(state.restAuth) === auth(wanted.restAuth) &&
    (state.restTls !== undefined) === (wanted.restTls === true)
  )
}

/** Removes what a previous `up` wrote in the folder (its record says what), and nothing else. */
function removeOldSandbox(state: SandboxState): void {
  const paths = [
    join(state.dir, state.store.name),
    state.store.log,
    ...state.nodes.map((n) => dirname(n.configFile)),
    state.ctlConfig,
    ...(state.restTls ? [dirname(state.restTls.ca)] : []),
    stateFile(state.dir),
  ]
  for (const path of paths) if (path.startsWith(`${state.dir}/`)) rmSync(path, { recursive: true, force: true })
}

/**
 * A sandbox already in `dir`: running with the same settings, it is reused; stopped, or with some of its processes
 * gone, it is replaced (what is left of it stopped, its data removed); running with other settings, `up` refuses
 * rather than stop a cluster someone may be using. Each case is said on `progress`.
 */
export async function settleExisting(
  dir: string,
  wanted: WantedSandbox,
  progress: (line: string) => void,
): Promise<Existing> {
  const state = readState(dir)
  if (!state) return { kind: 'none' }
  const processes = [state.store, ...state.nodes]
  const running = processes.filter(isRunning)
  if (running.length === processes.length) {
    if (!sameSettings(state, wanted)) {
      throw new ActionError(
        `A sandbox with other settings (${describe({ ...state, nodes: state.nodes.length, restTls: state.restTls !== undefined })}) is running in ${dir}: ptctl sandbox down --dir ${dir} stops it, or give another --dir`,
      )
    }
    progress(
      `reusing the sandbox already running in ${dir} (${describe(wanted)}); ptctl sandbox down --dir ${dir} stops it`,
    )
    return { kind: 'reuse', state }
  }
  const gone = processes.filter((p) => !isRunning(p)).map((p) => p.name)
  if (running.length > 0) {
    progress(`replacing the sandbox in ${dir}: ${gone.join(', ')} not running; stopping the rest`)
    await stopSandboxProcesses(state)
  } else {
    progress(`replacing the stopped sandbox in ${dir} (its data is removed)`)
  }
  removeOldSandbox(state)
  return { kind: 'none' }
}
