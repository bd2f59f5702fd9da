import { Args, Flags } from '@oclif/core'

import { forceFlag } from '../cli/action-flags.js'
import { BaseCommand } from '../cli/base-command.js'
import { editInEditor } from '../cli/editor.js'
import { groupFlag } from '../cli/flags.js'
import { UsageError } from '../errors.js'
import { readTextArgument } from '../input-files.js'
import { editClusterConfig } from '../services/edit-config.js'

export default class EditConfig extends BaseCommand<typeof EditConfig> {
  static override summary = 'Edit cluster configuration'
  static override description =
    'Writes with compare-and-set on the version read, so a concurrent change is never overwritten (exit 5). Refuses values Patroni cannot use (non-numeric ttl, loop_wait + 2 * retry_timeout > ttl, ...).'
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = {
    quiet: Flags.boolean({ char: 'q', description: 'Do not show changes' }),
    set: Flags.string({
      char: 's',
      multiple: true,
      description: 'Set specific configuration value. Can be specified multiple times',
    }),
    pg: Flags.string({
      char: 'p',
      multiple: true,
      description:
        'Set specific PostgreSQL parameter value. Shorthand for -s postgresql.parameters. Can be specified multiple times',
    }),
    apply: Flags.string({ description: 'Apply configuration from file. Use - for stdin.' }),
    replace: Flags.string({
      description: 'Apply configuration from file, replacing existing configuration. Use - for stdin.',
    }),
    force: forceFlag,
    group: groupFlag,
  }
  static override examples = [
    '<%= config.bin %> edit-config demo -s ttl=30 -p max_connections=200 --force',
    'cat new.yaml | <%= config.bin %> edit-config demo --replace - --force',
  ]

  async run(): Promise<void> {
    const f = this.flags
    const scope = this.clusterName(this.args.clusterName)
    if (f.apply !== undefined && f.replace !== undefined)
      throw new UsageError('--apply and --replace are mutually exclusive options')
    const stdin = this.ctx().stdin
    const result = await editClusterConfig(await this.actionDeps(), {
      scope,
      set: f.set ?? [],
      pg: f.pg ?? [],
      ...(f.apply !== undefined ? { apply: await readTextArgument(f.apply, stdin, 'file') } : {}),
      ...(f.replace !== undefined ? { replace: await readTextArgument(f.replace, stdin, 'file') } : {}),
      quiet: f.quiet,
      force: f.force,
      edit: (yaml: string) => editInEditor(scope, yaml, this.ctx().interrupt),
      ...this.citusChoice(f.group, { oneGroup: true }),
    })
    if (this.jsonMode) this.printJson(result)
  }
}
