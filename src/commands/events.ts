import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { groupFlag } from '../cli/flags.js'
import { secondsFlag } from '../cli/seconds.js'
import { parseByteSize } from '../cluster/health.js'
import { UsageError } from '../errors.js'
import { eventJson, eventLine } from '../output/events.js'
import { streamEvents } from '../services/events.js'

export default class Events extends BaseCommand<typeof Events> {
  static override ownsTimeoutFlag = true
  static override summary = 'Stream cluster events as they happen, from the DCS change notifications'
  static override description =
    'One line per meaningful change, stamped to the millisecond: the leader key taken, lost or changed; members joining and leaving; role, state and timeline changes; replication lag crossing maximum_lag_on_failover (or --lag-threshold); pending and scheduled restarts; the failover key; pause and resume; configuration keys changed; history growing. Runs until Ctrl-C (exit 130), --until-leader or --timeout. --json gives one JSON object a line.'
  static override strict = false
  static override args = {
    clusterNames: Args.string({ description: 'cluster names (default: scope from the config)' }),
  }
  static override flags = {
    all: Flags.boolean({ char: 'a', description: 'Every cluster in the namespace' }),
    group: groupFlag,
    'since-start': Flags.boolean({ description: 'First tell the current state as events' }),
    'until-leader': Flags.string({
      description: 'Exit 0 once this member holds the leader key and runs (exit 1 if --timeout comes first)',
    }),
    timeout: Flags.string({ description: 'Stop after this many seconds' }),
    'lag-threshold': Flags.string({
      description:
        'Replication lag that counts as too much: bytes, or with kB/MB/GB (default: maximum_lag_on_failover)',
    }),
  }
  static override examples = [
    '<%= config.bin %> events demo',
    '<%= config.bin %> events --all --json >> /var/log/patroni-events.jsonl',
    '<%= config.bin %> events demo --until-leader pg2 --timeout 60',
  ]

  /** JSON Lines: an error ends the stream as one more line, not as a pretty document */
  protected override jsonLines = true

  async run(): Promise<void> {
    const f = this.flags
    const ctx = this.ctx()
    const names = this.positionals
    if (f.all && names.length > 0) throw new UsageError('--all and cluster names are mutually exclusive')
    const scopes = f.all
      ? undefined
      : names.length > 0
        ? names
        : ctx.config.scope !== undefined
          ? [ctx.config.scope]
          : []
    if (scopes?.length === 0)
      throw new UsageError('No cluster names were provided (give CLUSTER_NAMES, --all, or scope in the configuration)')
    if (f['until-leader'] !== undefined && scopes?.length !== 1)
      throw new UsageError('--until-leader needs exactly one cluster')
    const lagThreshold = f['lag-threshold'] === undefined ? undefined : parseByteSize(f['lag-threshold'])
    if (f['lag-threshold'] !== undefined && lagThreshold === undefined)
      throw new UsageError(
        `Invalid value for --lag-threshold: ${f['lag-threshold']} (bytes, or a number with kB, MB, GB or TB)`,
      )
    const timeoutMs = f.timeout === undefined ? undefined : secondsFlag(f.timeout, 0, '--timeout') * 1000
    const citus = this.citusChoice(f.group)
    const json = this.jsonMode
    await streamEvents(
      { dcs: await ctx.dcs(), clock: ctx.clock },
      {
        target: {
          ...(scopes !== undefined ? { scopes } : {}),
          citus: citus.citus,
          ...(citus.group !== undefined ? { group: citus.group } : {}),
        },
        sinceStart: f['since-start'],
        ...(f['until-leader'] !== undefined ? { untilLeader: f['until-leader'] } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(lagThreshold !== undefined ? { lagThreshold } : {}),
        // the watch rides out a DCS restart or an election; longer than this, it is gone (exit 3)
        giveUpAfterMs: Math.max(30_000, 6 * ctx.config.timeoutMs),
        ...(ctx.streams.outputGone !== undefined ? { signal: ctx.streams.outputGone } : {}),
      },
      (item) => ctx.streams.out(json ? eventJson(item) : eventLine(item)),
    )
  }
}
