import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { colourFor } from '../cli/colour.js'
import { secondsFlag } from '../cli/seconds.js'
import { parseByteSize, type CheckOptions, type Verdict } from '../cluster/health.js'
import { VerdictExitCode } from '../exit-codes.js'
import { UsageError } from '../errors.js'
import { renderCheckReport, renderFleetReport, type VerdictPainter } from '../output/check-report.js'
import { renderPrometheus } from '../output/prometheus.js'
import { checkFleet, checkUntilHealthy, type CheckReport } from '../services/check.js'

/** Agents probed at once by default: thousands of agents in a few seconds, a bounded number of sockets. */
const DEFAULT_CONCURRENCY = 64

export default class Check extends BaseCommand<typeof Check> {
  static override ownsTimeoutFlag = true
  static override summary = 'Health verdicts for CI jobs and monitoring (exit 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN)'
  static override description =
    "Reads the DCS and asks every agent's REST API (/health, the leader's /primary, the replicas' /replica). For one cluster the first line is a Nagios-style summary and a table follows; for several (C1 C2 ... or --all, one read of the namespace) one summary line each, then a line counting each verdict. The exit code is the worst verdict. An agent that does not answer within --request-timeout is down (the leader's: CRIT, a replica's: WARN); a cluster whose agents were not all probed within --timeout is UNKNOWN. --format prometheus writes the node_exporter textfile-collector format."
  static override strict = false
  static override args = {
    clusterNames: Args.string({ description: 'cluster names (default: scope from the config)' }),
  }
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Every cluster in the namespace' }),
    'min-replicas': Flags.integer({ description: 'Replicas that must be streaming', default: 1, min: 0 }),
    'max-lag': Flags.string({
      description: 'Largest acceptable replica lag: bytes, or with kB/MB/GB (default: maximum_lag_on_failover)',
    }),
    'allow-pending-restart': Flags.boolean({ description: 'A pending restart is not a warning' }),
    'allow-paused': Flags.boolean({ description: 'Maintenance mode is not a warning' }),
    'wait-healthy': Flags.boolean({
      description: 'Poll until the verdict is OK (one cluster; for CI jobs that just started a cluster)',
    }),
    timeout: Flags.string({
      description: 'Seconds the whole run may take (default 60); with --wait-healthy, how long to wait for OK',
    }),
    interval: Flags.string({ description: 'With --wait-healthy: seconds between checks (default 1)' }),
    concurrency: Flags.integer({
      description: `Agents probed at once (default ${DEFAULT_CONCURRENCY})`,
      default: DEFAULT_CONCURRENCY,
      min: 1,
    }),
    format: Flags.string({
      char: 'f',
      description: 'Output format',
      options: ['pretty', 'prometheus'],
      default: 'pretty',
    }),
  }
  static override examples = [
    '<%= config.bin %> check demo --min-replicas 2 --max-lag 16MB',
    '<%= config.bin %> check demo --wait-healthy --timeout 120',
    '<%= config.bin %> check --all --concurrency 128',
    '<%= config.bin %> check --all --format prometheus > /var/lib/node_exporter/textfile/ptctl.prom.$$',
  ]

  /**
   * A check that could not judge (a bad flag, a wrong key password, an unreadable config) is UNKNOWN (3), as the
   * monitoring convention has it: exit 2 would be read as CRIT. Signals and internal errors keep their codes.
   */
  protected override exitCodeOf(code: number): number {
    return code >= 1 && code <= 6 ? VerdictExitCode.UNKNOWN : code
  }

  async run(): Promise<void> {
    const f = this.flags
    const options = this.checkOptions()
    const names = this.positionals
    if (f.all && names.length > 0) throw new UsageError('--all and cluster names are mutually exclusive')
    const fleet = f.all || names.length > 1
    if (fleet && f['wait-healthy']) throw new UsageError('--wait-healthy checks one cluster')
    const timeoutMs = secondsFlag(f.timeout, 60, '--timeout') * 1000
    const intervalMs = secondsFlag(f.interval, 1, '--interval') * 1000
    // --timeout bounds the whole run: a slow DCS read or agent cannot stretch it by its own per-call timeout
    this.boundRunTo(timeoutMs)
    const ctx = this.ctx()
    const parts = { dcs: await ctx.dcs(), api: () => ctx.api() }
    let reports: readonly CheckReport[]
    let worst: Verdict
    if (fleet) {
      const report = await checkFleet(parts, f.all ? undefined : names, options, {
        concurrency: f.concurrency,
        signal: AbortSignal.timeout(timeoutMs),
      })
      reports = report.clusters
      worst = report.status
      if (f.format === 'pretty') {
        if (this.jsonMode) this.printJson(report)
        else this.out(renderFleetReport(report, await this.painter()))
      }
    } else {
      const report = await checkUntilHealthy(
        { ...parts, clock: ctx.clock, progress: (line) => ctx.streams.err(line) },
        this.clusterName(names[0]),
        options,
        { wait: f['wait-healthy'], timeoutMs, intervalMs, concurrency: f.concurrency },
      )
      reports = [report]
      worst = report.status
      if (f.format === 'pretty') {
        if (this.jsonMode) this.printJson(report)
        else this.out(renderCheckReport(report, await this.painter()))
      }
    }
    if (f.format === 'prometheus') ctx.streams.outRaw(renderPrometheus(reports, ctx.clock.now()))
    process.exitCode = VerdictExitCode[worst]
  }

  private checkOptions(): CheckOptions {
    const f = this.flags
    const maxLag = f['max-lag'] === undefined ? undefined : parseByteSize(f['max-lag'])
    if (f['max-lag'] !== undefined && maxLag === undefined)
      throw new UsageError(`Invalid value for --max-lag: ${f['max-lag']} (bytes, or a number with kB, MB, GB or TB)`)
    if (f.format === 'prometheus' && this.jsonMode) throw new UsageError('--json and --format prometheus: choose one')
    return {
      minReplicas: f['min-replicas'],
      allowPendingRestart: f['allow-pending-restart'],
      allowPaused: f['allow-paused'],
      ...(maxLag !== undefined ? { maxLag } : {}),
    }
  }

  /** Verdict words in colour on a terminal. */
  private async painter(): Promise<VerdictPainter | undefined> {
    const colour = this.streams.stdoutIsTty ? await colourFor(process.stdout) : undefined
    if (!colour) return undefined
    const paint = { OK: colour.green, WARN: colour.yellow, CRIT: colour.red, UNKNOWN: colour.magenta }
    return (v, text) => paint[v](text)
  }
}
