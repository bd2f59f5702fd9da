import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { UsageError } from '../errors.js'
import { haproxyConfig } from '../output/haproxy-config.js'
import { readCluster } from '../services/read-clusters.js'

export default class Haproxy extends BaseCommand<typeof Haproxy> {
  static override summary = 'Print an HAProxy configuration routing writes to the primary and reads to the replicas'
  static override description =
    "Members and addresses come from the DCS; HAProxy health-checks each member's REST API (GET /primary, GET /replica) at the host and port of its api_url."
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = {
    bind: Flags.string({ description: 'Address the frontends listen on', default: '*' }),
    'write-port': Flags.integer({ description: 'Port routed to the primary', default: 5000, min: 1, max: 65535 }),
    'read-port': Flags.integer({ description: 'Port balanced over the replicas', default: 5001, min: 1, max: 65535 }),
    'stats-port': Flags.integer({
      description: 'Port of the HAProxy stats page (0: none)',
      default: 0,
      min: 0,
      max: 65535,
    }),
    'check-interval': Flags.integer({ description: 'Seconds between health checks', default: 3, min: 1 }),
    fall: Flags.integer({ description: 'Failed checks before a member is marked down', default: 3, min: 1 }),
    rise: Flags.integer({ description: 'Passed checks before a member is marked up', default: 2, min: 1 }),
    maxconn: Flags.integer({ description: 'Connections per member', default: 100, min: 1 }),
  }
  static override examples = [
    '<%= config.bin %> haproxy demo > /etc/haproxy/haproxy.cfg',
    '<%= config.bin %> haproxy demo --bind 127.0.0.1 --write-port 6432 --read-port 6433',
  ]

  async run(): Promise<void> {
    const f = this.flags
    const ports = [f['write-port'], f['read-port'], ...(f['stats-port'] > 0 ? [f['stats-port']] : [])]
    if (new Set(ports).size !== ports.length)
      throw new UsageError(
        `Conflicting ports: --write-port, --read-port and --stats-port must differ (${ports.join(', ')})`,
      )
    if (!/^[A-Za-z0-9_.:*-]{1,255}$/.test(f.bind))
      throw new UsageError(`--bind ${JSON.stringify(f.bind)} is not an address HAProxy can bind`)
    const ctx = this.ctx()
    const cluster = await readCluster(await ctx.dcs(), this.clusterName(this.args.clusterName))
    const text = haproxyConfig(cluster, {
      bind: f.bind,
      writePort: f['write-port'],
      readPort: f['read-port'],
      statsPort: f['stats-port'],
      interval: f['check-interval'],
      fall: f.fall,
      rise: f.rise,
      maxconn: f.maxconn,
    })
    if (this.jsonMode) this.printJson({ cluster: cluster.scope, config: text })
    else ctx.streams.out(text.trimEnd())
  }
}
