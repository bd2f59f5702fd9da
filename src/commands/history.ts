import { Args } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { formatFlag, groupFlag } from '../cli/flags.js'
import { buildHistoryTable } from '../output/history-table.js'
import { renderTable } from '../output/render.js'
import { checkFormatEarly, formatFor } from '../cli/output-format.js'
import { readCluster } from '../services/read-clusters.js'

export default class History extends BaseCommand<typeof History> {
  static override summary = 'Show the history of failovers/switchovers'
  static override args = { clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }) }
  static override flags = { format: formatFlag, group: groupFlag }
  static override examples = ['<%= config.bin %> history demo', '<%= config.bin %> history demo -f json']

  async run(): Promise<void> {
    const ctx = this.ctx()
    const { group } = this.citusChoice(this.flags.group, { oneGroup: true })
    const given = this.jsonMode ? 'json' : this.flags.format
    checkFormatEarly(given, ctx.face, this.id)
    const cluster = await readCluster(await ctx.dcs(), this.clusterName(this.args.clusterName), {
      missing: this.conduct.missingCluster,
      ...(group !== undefined ? { group } : {}),
    })
    const format = formatFor(given, { face: ctx.face, generation: this.generationOf(cluster), command: this.id })
    if (format === 'none') return
    const table = buildHistoryTable(cluster.history?.value ?? [])
    ctx.streams.out(renderTable(table, format))
  }
}
