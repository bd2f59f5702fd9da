import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { SandboxState } from '../../src/sandbox/state.js'
import { ptctl } from './cli.js'

export interface RunningSandbox {
  readonly state: SandboxState
  /** the config file to give with -c */
  readonly config: string
  stop(): Promise<void>
}

/** Brings up a real cluster with the product's own `ptctl sandbox up`, and takes it down by PID afterwards. */
export async function startSandbox(
  options: { nodes?: number; restAuth?: string; dcs?: 'etcd3' | 'etcd' | 'zookeeper'; scope?: string } = {},
): Promise<RunningSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-e2e-'))
  const args = ['sandbox', 'up', '--dir', dir, '--json', '--nodes', String(options.nodes ?? 3)]
  if (options.restAuth) args.push('--rest-auth', options.restAuth)
  if (options.dcs) args.push('--dcs', options.dcs)
  if (options.scope) args.push('--scope', options.scope)
  const up = await ptctl(args, { timeoutMs: 240_000 })
  if (up.code !== 0) {
    await ptctl(['sandbox', 'down', '--dir', dir])
    throw new Error(`sandbox up failed (${up.code}): ${up.stderr}`)
  }
  const state = JSON.parse(up.stdout) as SandboxState
  return {
    state,
    config: state.ctlConfig,
    stop: async () => {
      await ptctl(['sandbox', 'down', '--dir', dir], { timeoutMs: 60_000 })
      // three PostgreSQL data directories per sandbox: do not leave them behind in /tmp
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
