import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { colourFor } from '../cli/colour.js'
import { secondsFlag } from '../cli/seconds.js'
import { VerdictExitCode } from '../exit-codes.js'
import { UsageError } from '../errors.js'
import type { VerdictPainter } from '../output/check-report.js'
import { renderDoctorFleet, renderDoctorReport } from '../output/doctor-report.js'
import { doctorCluster, doctorFleet } from '../services/doctor.js'

export default class Doctor extends BaseCommand<typeof Doctor> {
  static override ownsTimeoutFlag = true
  static override summary = 'What is wrong, and why Patroni would not act (exit 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN)'
  static override description =
    "Asks every configured DCS endpoint on its own (answers, speed, version, raft leader, a member serving old data), reads the cluster and asks every agent's GET /patroni, then judges: system identifier against the initialize key, mixed Patroni or PostgreSQL versions, ttl against loop_wait + 2 × retry_timeout, failsafe mode and a stale failsafe key, which members could take over if the leader died now (and why the others could not), synchronous mode against the sync key and what PostgreSQL reports, scheduled and pending work, and check's own health verdicts. Each finding says what it means and what to run next. The exit code is the worst verdict, as for check."
  static override strict = false
  static override args = {
    clusterNames: Args.string({ description: 'cluster names (default: scope from the config)' }),
  }
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Every cluster in the namespace' }),
    timeout: Flags.string({ description: 'Seconds the whole run may take (default 30)' }),
    concurrency: Flags.integer({ description: 'Agents asked at once (default 64)', default: 64, min: 1 }),
  }
  static override examples = ['<%= config.bin %> doctor demo', '<%= config.bin %> doctor --all --json']

  /** as for check: a doctor that could not judge is UNKNOWN (3), never a CRIT */
  protected override exitCodeOf(code: number): number {
    return code >= 1 && code <= 6 ? VerdictExitCode.UNKNOWN : code
  }

  async run(): Promise<void> {
    const f = this.flags
    const names = this.positionals
    if (f.all && names.length > 0) throw new UsageError('--all and cluster names are mutually exclusive')
    const timeoutMs = secondsFlag(f.timeout, 30, '--timeout') * 1000
    this.boundRunTo(timeoutMs)
    const ctx = this.ctx()
    const parts = { dcs: await ctx.dcs(), api: () => ctx.api() }
    const limits = { concurrency: f.concurrency, signal: AbortSignal.timeout(timeoutMs) }
    // what doctor judges against: check's defaults (one streaming replica, maximum_lag_on_failover)
    const options = { minReplicas: 1, allowPendingRestart: false, allowPaused: false }
    const paint = await this.painter()
    if (f.all || names.length > 1) {
      const fleet = await doctorFleet(parts, f.all ? undefined : names, options, limits)
      if (this.jsonMode) this.printJson(fleet)
      else this.out(renderDoctorFleet(fleet, paint))
      process.exitCode = VerdictExitCode[fleet.status]
      return
    }
    const report = await doctorCluster(parts, this.clusterName(names[0]), options, limits)
    if (this.jsonMode) this.printJson(report)
    else this.out(renderDoctorReport(report, paint))
    process.exitCode = VerdictExitCode[report.status]
  }

  private async painter(): Promise<VerdictPainter | undefined> {
    const colour = this.streams.stdoutIsTty ? await colourFor(process.stdout) : undefined
    if (!colour) return undefined
    const paint = { OK: colour.green, WARN: colour.yellow, CRIT: colour.red, UNKNOWN: colour.magenta }
    return (v, text) => paint[v](text)
  }
}
