import { rmSync } from 'node:fs'

import { sandboxDown } from '../../src/sandbox/sandbox.js'
import type { SandboxState } from '../../src/sandbox/state.js'
import { ptctl } from './cli.js'
import { tempDir, track, trackProcess } from './leftovers.js'

export interface RunningSandbox {
  readonly state: SandboxState
  /** the config file to give with -c */
  readonly config: string
  stop(): Promise<void>
}

/**
 * Brings up a real cluster with the product's own `ptctl sandbox up`, and takes it down by PID afterwards. Its folder
 * and `up` itself are recorded before `up` starts anything, so a setup that times out half-way, a failed test or a
 * dead worker leaves nothing running (leftovers.ts): `up` is stopped first (it then stops what it started), then
 * `sandbox down` stops whatever it recorded, then the folder goes.
 */
export async function startSandbox(
  options: {
    nodes?: number
    restAuth?: string
    restTls?: boolean
    dcs?: 'etcd3' | 'etcd' | 'zookeeper'
    scope?: string
  } = {},
): Promise<RunningSandbox> {
  const dir = tempDir('ptctl-e2e-')
  track({ kind: 'sandbox', dir })
  const args = ['sandbox', 'up', '--dir', dir, '--json', '--nodes', String(options.nodes ?? 3)]
  if (options.restAuth) args.push('--rest-auth', options.restAuth)
  if (options.restTls === true) args.push('--rest-tls')
  if (options.dcs) args.push('--dcs', options.dcs)
  if (options.scope) args.push('--scope', options.scope)
  let forgetUp = () => undefined as void
  // up's own stop (Patroni 20 s, then PostgreSQL 10 s, then the DCS 10 s) fits in the grace it is given
  const up = await ptctl(args, { timeoutMs: 240_000, onSpawn: (pid) => (forgetUp = trackProcess(pid, 60_000)) })
  forgetUp()
  if (up.code !== 0) throw new Error(`sandbox up failed (${up.code}): ${up.stderr}`)
  const state = JSON.parse(up.stdout) as SandboxState
  return {
    state,
    config: state.ctlConfig,
    // the file's cleanup would do this too; a test that is done with its cluster frees the disk at once
    stop: async () => {
      const down = await ptctl(['sandbox', 'down', '--dir', dir], { timeoutMs: 60_000 })
      if (down.code !== 0) {
        // the folder holds the record of what runs: stop it from here before anything is removed, then say so
        await sandboxDown(dir)
        throw new Error(`sandbox down failed (${down.code}): ${down.stderr}`)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
