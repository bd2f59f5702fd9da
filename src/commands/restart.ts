import { Args, Flags } from '@oclif/core'

import { dryRunFlag, forceFlag, waitFlag, waitTimeoutFlag } from '../cli/action-flags.js'
import { BaseCommand } from '../cli/base-command.js'
import { groupFlag, roleFlag } from '../cli/flags.js'
import { isCtlRole } from '../cluster/select.js'
import { UsageError } from '../errors.js'
import { parseWaitTimeout } from '../cli/seconds.js'
import { throwUnlessAllDone } from '../services/member-outcomes.js'
import { checkRestartTimeout, restartMembers } from '../services/restart.js'
import { rollingRestart } from '../services/rolling-restart.js'
import { waitForMembersRunning } from '../services/wait-members.js'

export default class Restart extends BaseCommand<typeof Restart> {
  static override ownsTimeoutFlag = true
  static override summary = 'Restart cluster member'
  static override description =
    'Restarts the selected members in parallel (--parallel). --rolling restarts the replicas one by one, switches over, then restarts the old leader, waiting for health after each step. Any member that fails makes the command exit 1.'
  static override strict = false
  static override args = {
    clusterName: Args.string({ required: true, description: 'cluster name' }),
    memberNames: Args.string({ description: 'members to restart (default: every member with --role)' }),
  }
  static override flags = {
    role: roleFlag('Restart only members with this role', 'any'),
    any: Flags.boolean({ description: 'Restart a single member only' }),
    scheduled: Flags.string({ description: 'Timestamp of a scheduled restart in unambiguous format (e.g. ISO 8601)' }),
    'pg-version': Flags.string({ description: 'Restart if the PostgreSQL version is less than provided (e.g. 9.5.2)' }),
    pending: Flags.boolean({ description: 'Restart if pending' }),
    timeout: Flags.string({
      description: 'Return error and fail over if necessary when restarting takes longer than this.',
    }),
    force: forceFlag,
    group: groupFlag,
    'dry-run': dryRunFlag,
    wait: waitFlag('the restarted members run again'),
    'wait-timeout': waitTimeoutFlag,
    parallel: Flags.integer({ description: 'How many members to restart at once', default: 4, min: 1 }),
    rolling: Flags.boolean({ description: 'Replicas one by one, then a switchover, then the old leader' }),
  }
  static override examples = [
    '<%= config.bin %> restart demo pg2 --force --wait',
    '<%= config.bin %> restart demo --role replica --pending --force',
    '<%= config.bin %> restart demo --rolling --force',
  ]

  async run(): Promise<void> {
    const f = this.flags
    const [scope = '', ...names] = this.positionals
    const role = f.role ?? 'any'
    if (!isCtlRole(role)) throw new UsageError(`Invalid role ${role}`)
    const deps = await this.actionDeps()
    const waitTimeoutMs = parseWaitTimeout(f['wait-timeout'], 120)
    if (f.timeout !== undefined) checkRestartTimeout(f.timeout)
    if (f.rolling) {
      if (f.scheduled !== undefined || f.any || f['dry-run'])
        throw new UsageError('--rolling cannot be combined with --scheduled, --any or --dry-run')
      const result = await rollingRestart(deps, {
        scope,
        force: f.force,
        waitTimeoutMs,
        ...(f.timeout !== undefined ? { timeout: f.timeout } : {}),
      })
      if (this.jsonMode) this.printJson(result)
      return
    }
    const result = await restartMembers(deps, {
      scope,
      names,
      role,
      any: f.any,
      pending: f.pending,
      force: f.force,
      dryRun: f['dry-run'],
      parallel: f.parallel,
      citus: this.citusChoice(f.group),
      random: Math.random,
      ...(f.scheduled !== undefined ? { scheduled: f.scheduled } : {}),
      ...(f['pg-version'] !== undefined ? { pgVersion: f['pg-version'] } : {}),
      ...(f.timeout !== undefined ? { timeout: f.timeout } : {}),
    })
    const restarted = result.members.filter((m) => m.ok && m.status === 200).map((m) => m.member)
    const waited =
      f.wait && restarted.length > 0
        ? await waitForMembersRunning(deps, { scope, members: restarted, timeoutMs: waitTimeoutMs })
        : undefined
    if (this.jsonMode) this.printJson({ ...result, ...(waited ? { wait: waited } : {}) })
    throwUnlessAllDone(result, 'restart')
  }
}
