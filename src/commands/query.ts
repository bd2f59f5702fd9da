import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { globalFlagsFor, groupFlag, roleFlag, watchFlags } from '../cli/flags.js'
import { runWatched, watchInterval } from '../cli/watch.js'
import { checkFormatEarly } from '../cli/output-format.js'
import { isCtlRole } from '../cluster/select.js'
import { PtctlError, UsageError } from '../errors.js'
import { readTextArgument } from '../input-files.js'
import { queryProblemRow, renderQueryResult } from '../output/query-output.js'
import { localTimestamp } from '../cluster/schedule.js'
import { escapeControls } from '../output/escape.js'
import { OUTPUT_FORMATS, type OutputFormat } from '../output/table.js'
import { runQuery } from '../services/query.js'
import { readGroups } from '../services/read-clusters.js'

export default class Query extends BaseCommand<typeof Query> {
  static override summary = 'Query a Patroni PostgreSQL member'
  static override description =
    "A SQL error or a member that cannot be reached exits 1 (patronictl, and ptctl invoked as patronictl, print them as a row and exit 0). A statement without a result set prints patronictl's row `<time>\tERROR, SQLSTATE: no results to fetch`."
  static override baseFlags = globalFlagsFor(false)
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = {
    // not a choice: patronictl's query takes any text and prints nothing for a format it does not know
    format: Flags.string({ description: 'Output format (pretty, tsv, json, yaml)', default: 'tsv' }),
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
    const given = this.jsonMode ? 'json' : f.format
    checkFormatEarly(given, ctx.face, this.id)
    const format = (OUTPUT_FORMATS as readonly string[]).includes(given) ? (given as OutputFormat) : undefined
    const citus = this.citusChoice(f.group)
    await runWatched(
      ctx,
      watchInterval(f),
      async () => {
        // read each time: with -w the leader (or the replica) may have moved since the last run
        const view = await readGroups(dcs, scope, citus, { missing: this.conduct.missingCluster })
        const at = localTimestamp(ctx.clock.now())
        try {
          const result = await runQuery(view, {
            sql,
            timeoutMs: ctx.config.timeoutMs,
            ...(f.role !== undefined && isCtlRole(f.role) ? { role: f.role } : {}),
            ...(f.member !== undefined ? { member: f.member } : {}),
            ...(f.username !== undefined ? { username: f.username } : {}),
            ...(f.dbname !== undefined ? { dbname: f.dbname } : {}),
            ...(password !== undefined ? { password } : {}),
          })
          if (format !== undefined) ctx.streams.out(renderQueryResult(result, format, { delimiter: f.delimiter, at }))
        } catch (e) {
          // patronictl prints what went wrong as a result row and goes on (exit 0)
          if (ctx.face !== 'patronictl' || !(e instanceof PtctlError) || e.patronictl?.message === undefined) throw e
          ctx.streams.out(queryProblemRow(escapeControls(e.patronictl.message), at, f.delimiter))
        }
      },
      // patronictl's query -w does not clear the screen: each result follows the last
      { clear: false },
    )
  }
}
