import { isAbsolute, join, resolve } from 'node:path'

import { Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { installAlias, removeAlias } from '../cli/alias.js'
import { isSingleExecutable } from '../cli/build-info.js'

export default class InstallAlias extends BaseCommand<typeof InstallAlias> {
  static override summary = 'Install ptctl as patronictl (a symlink): invoked by that name, it answers as patronictl'
  static override description =
    "Drop-in mode: under the name patronictl, ptctl answers every caller as the patronictl of the cluster's Patroni generation would (version line, exit codes, texts, JSON keys, table shape). A file named patronictl that is not this link (the real patronictl) is left alone unless --force is given."
  static override flags = {
    dir: Flags.string({ description: 'Where to put the patronictl link', default: '/usr/local/bin' }),
    force: Flags.boolean({ description: 'Replace a patronictl that is there already (the real one, say)' }),
    remove: Flags.boolean({ description: 'Remove the link instead (only if it is the link to ptctl)' }),
  }
  static override examples = [
    '<%= config.bin %> install-alias',
    '<%= config.bin %> install-alias --dir ~/bin',
    '<%= config.bin %> install-alias --remove',
  ]

  async run(): Promise<void> {
    const link = join(resolve(this.flags.dir), 'patronictl')
    if (this.flags.remove) {
      const removed = removeAlias(link)
      if (this.jsonMode) this.printJson({ link, removed })
      else this.out(removed ? `removed ${link}` : `no link to ptctl at ${link}: nothing removed`)
      return
    }
    const result = installAlias(link, this.executable(), this.flags.force)
    if (this.jsonMode) this.printJson(result)
    else this.out(`${result.link} -> ${result.target}${result.outcome === 'unchanged' ? ' (already there)' : ''}`)
  }

  /** What the link points to: the single executable itself, else the script this ptctl was started by. */
  private executable(): string {
    if (isSingleExecutable()) return process.execPath
    const script = process.argv[1]
    if (script === undefined || script === '' || !/\.(c|m)?js$|\/ptctl$/.test(script)) return process.execPath
    return isAbsolute(script) ? script : resolve(script)
  }
}
