import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { colourFor } from '../cli/colour.js'
import { secondsFlag } from '../cli/seconds.js'
import { parseByteSize, type CheckOptions } from '../cluster/health.js'
import { VerdictExitCode } from '../exit-codes.js'
import { UsageError } from '../errors.js'
import { renderCheckReport } from '../output/check-report.js'
import { checkUntilHealthy } from '../services/check.js'

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
    const options: CheckOptions = {
      minReplicas: f['min-replicas'],
      allowPendingRestart: f['allow-pending-restart'],
      allowPaused: f['allow-paused'],
      ...(maxLag !== undefined ? { maxLag } : {}),
    }
    const ctx = this.ctx()
    const report = await checkUntilHealthy(
      { dcs: await ctx.dcs(), api: () => ctx.api(), clock: ctx.clock, progress: (line) => ctx.streams.err(line) },
      this.clusterName(this.args.clusterName),
      options,
      {
        wait: f['wait-healthy'],
        timeoutMs: secondsFlag(f.timeout, 60, '--timeout') * 1000,
        intervalMs: secondsFlag(f.interval, 1, '--interval') * 1000,
      },
    )
    if (this.jsonMode) {
      this.printJson(report)
    } else {
      const colour = this.streams.stdoutIsTty ? await colourFor(process.stdout) : undefined
      const paint = colour
        ? { OK: colour.green, WARN: colour.yellow, CRIT: colour.red, UNKNOWN: colour.magenta }
        : undefined
      this.out(renderCheckReport(report, paint ? (v, text) => paint[v](text) : undefined))
    }
    process.exitCode = VerdictExitCode[report.status]
  }
}
