import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { colourFor } from '../cli/colour.js'
import { secondsFlag } from '../cli/seconds.js'
import { parseByteSize, verdictExitCode, type CheckOptions } from '../cluster/health.js'
import { ActionError, CheckUnknownError, UsageError } from '../errors.js'
import { renderTable } from '../output/render.js'
import { checkCluster, type CheckReport } from '../services/check.js'

function summary(report: CheckReport): string {
  const problems = report.checks.filter((c) => c.status !== 'OK').map((c) => `${c.check}: ${c.detail}`)
  return `CHECK ${report.cluster} ${report.status}${problems.length > 0 ? ` - ${problems.join('; ')}` : ''}`
}

export default class Check extends BaseCommand<typeof Check> {
  static override ownsTimeoutFlag = true
  static override summary = 'One health verdict for CI jobs and monitoring (exit 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN)'
  static override description =
    "Reads the DCS and asks every agent's REST API (/health, the leader's /primary, the replicas' /replica). The first line is a Nagios-style summary; the table follows. With --wait-healthy it polls until OK or --timeout."
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = {
    'min-replicas': Flags.integer({ description: 'Replicas that must be streaming', default: 1, min: 0 }),
    'max-lag': Flags.string({
      description: 'Largest acceptable replica lag: bytes, or with kB/MB/GB (default: maximum_lag_on_failover)',
    }),
    'allow-pending-restart': Flags.boolean({ description: 'A pending restart is not a warning' }),
    'allow-paused': Flags.boolean({ description: 'Maintenance mode is not a warning' }),
    'wait-healthy': Flags.boolean({
      description: 'Poll until the verdict is OK (for CI jobs that just started a cluster)',
    }),
    timeout: Flags.string({ description: 'With --wait-healthy: seconds to wait (default 60)' }),
    interval: Flags.string({ description: 'With --wait-healthy: seconds between checks (default 1)' }),
  }
  static override examples = [
    '<%= config.bin %> check demo --min-replicas 2 --max-lag 16MB',
    '<%= config.bin %> check demo --wait-healthy --timeout 120',
  ]

  async run(): Promise<void> {
    const f = this.flags
    const maxLag = f['max-lag'] === undefined ? undefined : parseByteSize(f['max-lag'])
    if (f['max-lag'] !== undefined && maxLag === undefined)
      throw new UsageError(`Invalid value for --max-lag: ${f['max-lag']} (bytes, or a number with kB, MB, GB or TB)`)
    const waitSeconds = secondsFlag(f.timeout, 60, '--timeout')
    const interval = secondsFlag(f.interval, 1, '--interval')
    const options: CheckOptions = {
      minReplicas: f['min-replicas'],
      allowPendingRestart: f['allow-pending-restart'],
      allowPaused: f['allow-paused'],
      ...(maxLag !== undefined ? { maxLag } : {}),
    }
    const ctx = this.ctx()
    const scope = this.clusterName(this.args.clusterName)
    const dcs = await ctx.dcs()
    const once = () =>
      checkCluster(dcs, () => ctx.api(), scope, options).catch((e: unknown) => {
        // a cluster that is not there cannot be judged: UNKNOWN, not WARN
        if (e instanceof ActionError) throw new CheckUnknownError(e.message)
        throw e
      })
    let report = await once()
    if (f['wait-healthy']) {
      const deadline = Date.now() + waitSeconds * 1000
      while (report.status !== 'OK' && Date.now() < deadline) {
        ctx.streams.err(summary(report))
        await ctx.clock.sleep(interval * 1000)
        report = await once()
      }
    }
    if (this.jsonMode) {
      this.printJson(report)
    } else {
      const table = {
        columns: [
          { key: 'Check', align: 'left' as const },
          { key: 'Status', align: 'left' as const },
          { key: 'Detail', align: 'left' as const },
        ],
        rows: report.checks.map((c) => ({ Check: c.check, Status: c.status, Detail: c.detail })),
      }
      let text = `${summary(report)}\n${renderTable(table, 'pretty')}`
      const colour = await colourFor(process.stdout)
      if (colour) {
        // paint the verdict words after the table is laid out, so column widths stay those of plain text
        const paint = { OK: colour.green, WARN: colour.yellow, CRIT: colour.red, UNKNOWN: colour.magenta }
        text = text.replace(
          /\| (OK|WARN|CRIT|UNKNOWN)( +)\|/g,
          (_m, v: keyof typeof paint, pad: string) => `| ${paint[v](v)}${pad}|`,
        )
      }
      ctx.streams.out(text)
    }
    process.exitCode = verdictExitCode(report.status)
  }
}
