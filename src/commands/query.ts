import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { globalFlagsFor, groupFlag, roleFlag, watchFlags } from '../cli/flags.js'
import { runWatched, watchInterval } from '../cli/watch.js'
import { isCtlRole } from '../cluster/select.js'
import { UsageError } from '../errors.js'
import { readTextArgument } from '../input-files.js'
import { renderQueryResult } from '../output/query-output.js'
import { OUTPUT_FORMATS, type OutputFormat } from '../output/table.js'
import { runQuery } from '../services/query.js'
import { readGroups } from '../services/read-clusters.js'

export default class Query extends BaseCommand<typeof Query> {
  static override summary = 'Query a Patroni PostgreSQL member'
  static override description =
    'A SQL error or a member that cannot be reached exits 1 (patronictl prints them as a row and exits 0).'
  static override baseFlags = globalFlagsFor(false)
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = {
    format: Flags.string({
      description: 'Output format (pretty, tsv, json, yaml)',
      default: 'tsv',
      options: [...OUTPUT_FORMATS],
    }),
    file: Flags.string({ char: 'f', description: 'Execute the SQL commands from this file' }),
    password: Flags.boolean({ description: 'force password prompt' }),
    username: Flags.string({ char: 'U', description: 'database user name' }),
    ...watchFlags,
    role: roleFlag('The role of the query'),
    member: Flags.string({ char: 'm', description: 'Query a specific member' }),
    delimiter: Flags.string({ description: 'The column delimiter', default: '\t' }),
    command: Flags.string({ char: 'c', description: 'The SQL commands to execute' }),
    dbname: Flags.string({ char: 'd', description: 'database name to connect to' }),
    group: groupFlag,
  }
  static override examples = [
    '<%= config.bin %> query demo -U postgres -c "SELECT 1"',
    '<%= config.bin %> query demo -r replica -f check.sql --format pretty',
  ]

  async run(): Promise<void> {
    const f = this.flags
    if (f.role !== undefined && f.member !== undefined)
      throw new UsageError('--role and --member are mutually exclusive options')
    if (f.file !== undefined && f.command !== undefined)
      throw new UsageError('--file and --command are mutually exclusive options')
    if (f.file === undefined && f.command === undefined)
      throw new UsageError('You need to specify either --command or --file')
    if (f.role !== undefined && !isCtlRole(f.role)) throw new UsageError(`Invalid role ${f.role}`)
    const ctx = this.ctx()
    const sql = f.file !== undefined ? (await readTextArgument(f.file, ctx.stdin, 'file')).text : (f.command ?? '')
    const password = f.password
      ? await ctx.prompt.input({ message: 'Password', hidden: true, flag: 'PGPASSWORD in the environment' })
      : undefined
    const scope = this.clusterName(this.args.clusterName)
    const dcs = await ctx.dcs()
    const format = (this.jsonMode ? 'json' : f.format) as OutputFormat
    const citus = this.citusChoice(f.group)
    await runWatched(
      ctx,
      watchInterval(f),
      async () => {
        // read each time: with -w the leader (or the replica) may have moved since the last run
        const result = await runQuery(await readGroups(dcs, scope, citus), {
          sql,
          timeoutMs: ctx.config.timeoutMs,
          ...(f.role !== undefined && isCtlRole(f.role) ? { role: f.role } : {}),
          ...(f.member !== undefined ? { member: f.member } : {}),
          ...(f.username !== undefined ? { username: f.username } : {}),
          ...(f.dbname !== undefined ? { dbname: f.dbname } : {}),
          ...(password !== undefined ? { password } : {}),
        })
        ctx.streams.out(renderQueryResult(result, format, f.delimiter))
      },
      // patronictl's query -w does not clear the screen: each result follows the last
      { clear: false },
    )
  }
}
