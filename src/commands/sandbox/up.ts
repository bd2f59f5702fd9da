import { resolve } from 'node:path'

import { Flags } from '@oclif/core'

import { BaseCommand } from '../../cli/base-command.js'
import { sandboxDir, sandboxDirFlag } from '../../cli/sandbox-flags.js'
import { InterruptedError, UsageError } from '../../errors.js'
import { SANDBOX_DCS, type SandboxDcs } from '../../sandbox/state.js'

export default class SandboxUp extends BaseCommand<typeof SandboxUp> {
  static override summary =
    'Start a local cluster: etcd (or ZooKeeper) and Patroni 3.0.2 nodes managing PostgreSQL 15 on 127.0.0.1'
  static override description =
    'Uses the Debian packages etcd-server, patroni and postgresql-15. Waits until there is a leader and every other node streams from it, then prints the config file to give with -c.'
  static override flags = {
    dir: sandboxDirFlag,
    dcs: Flags.string({ description: 'The store Patroni uses', options: [...SANDBOX_DCS], default: 'etcd3' }),
    scope: Flags.string({ description: 'Cluster name', default: 'demo' }),
    nodes: Flags.integer({ description: 'Number of Patroni nodes', default: 3 }),
    'wait-timeout': Flags.integer({ description: 'Seconds to wait for a healthy cluster', default: 180 }),
    'rest-auth': Flags.string({ description: 'Protect the REST API with Basic auth USER:PASSWORD' }),
    'rest-tls': Flags.boolean({
      description:
        'Serve the REST API over TLS and require client certificates, from a CA made for this sandbox in DIR/tls (patronictl.yaml gets the client files)',
    }),
    patroni: Flags.string({
      description:
        "Run this Patroni executable instead of Debian's /usr/bin/patroni (another release, from its checkout)",
    }),
    'port-base': Flags.integer({
      description:
        "Use fixed ports from this one on (the DCS client and peer ports, then each node's PostgreSQL and REST API ports) instead of free ones",
      min: 1024,
      max: 65000,
    }),
  }
  static override examples = [
    '<%= config.bin %> sandbox up --dir /tmp/demo',
    '<%= config.bin %> -c /tmp/demo/patronictl.yaml list',
  ]

  async run(): Promise<void> {
    const auth = this.flags['rest-auth']
    const colon = auth?.indexOf(':') ?? -1
    if (auth !== undefined && colon <= 0) throw new UsageError('--rest-auth must be USER:PASSWORD')
    const { sandboxUp } = await import('../../sandbox/up.js')
    const stopping = stopOnSignals()
    const state = await sandboxUp({
      dcs: this.flags.dcs as SandboxDcs,
      dir: sandboxDir(this.flags.dir),
      scope: this.flags.scope,
      nodes: this.flags.nodes,
      timeoutMs: this.flags['wait-timeout'] * 1000,
      ...(this.flags.patroni !== undefined ? { patroni: resolve(this.flags.patroni) } : {}),
      ...(this.flags['port-base'] !== undefined ? { portBase: this.flags['port-base'] } : {}),
      restTls: this.flags['rest-tls'],
      ...(auth !== undefined ? { restAuth: { username: auth.slice(0, colon), password: auth.slice(colon + 1) } } : {}),
      progress: (line) => this.streams.err(line),
      signal: stopping.signal,
    }).finally(() => stopping.dispose())
    if (this.jsonMode) this.printJson(state)
    else this.out(state.ctlConfig)
  }
}

/**
 * Ctrl-C and SIGTERM abort `up`, which then stops what it started before exiting. A second signal while it does so
 * does not cut that short (it would leave processes running); it is bounded by the stop's own escalation to SIGKILL.
 */
function stopOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((name) => {
    const handler = () => {
      if (!controller.signal.aborted)
        controller.abort(new InterruptedError(`Interrupted (${name}): the sandbox was not started`, name))
    }
    process.on(name, handler)
    return () => process.off(name, handler)
  })
  return { signal: controller.signal, dispose: () => handlers.forEach((off) => off()) }
}
