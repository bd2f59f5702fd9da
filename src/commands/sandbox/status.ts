import { BaseCommand } from '../../cli/base-command.js'
import { sandboxDir, sandboxDirFlag } from '../../cli/sandbox-flags.js'
import { renderTable } from '../../output/render.js'

export default class SandboxStatus extends BaseCommand<typeof SandboxStatus> {
  static override summary = 'Show the sandbox processes and the config file to use with -c'
  static override flags = { dir: sandboxDirFlag }

  async run(): Promise<void> {
    const { sandboxStatus } = await import('../../sandbox/sandbox.js')
    const { state, processes } = sandboxStatus(sandboxDir(this.flags.dir))
    if (this.jsonMode) {
      this.printJson({ config: state.ctlConfig, processes })
      return
    }
    const table = {
      columns: [
        { key: 'Process', align: 'left' as const },
        { key: 'PID', align: 'right' as const },
        { key: 'Running', align: 'left' as const },
        { key: 'Address', align: 'left' as const },
      ],
      rows: processes.map((p) => ({
        Process: p.name,
        PID: p.pid,
        Running: p.running ? 'yes' : 'no',
        Address: p.address,
      })),
    }
    this.out(`${renderTable(table, 'pretty')}\nconfig: ${state.ctlConfig}`)
  }
}
