import { BaseCommand } from '../../cli/base-command.js'
import { sandboxDir, sandboxDirFlag } from '../../cli/sandbox-flags.js'

export default class SandboxDown extends BaseCommand<typeof SandboxDown> {
  static override summary = 'Stop the processes the sandbox started (by PID), keeping its data and logs'
  static override flags = { dir: sandboxDirFlag }

  async run(): Promise<void> {
    const { sandboxDown } = await import('../../sandbox/sandbox.js')
    const report = await sandboxDown(sandboxDir(this.flags.dir))
    if (this.jsonMode) this.printJson(report)
    else this.out(report.stopped.length === 0 ? 'nothing was running' : `stopped ${report.stopped.join(', ')}`)
  }
}
