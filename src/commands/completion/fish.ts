import { BaseCommand } from '../../cli/base-command.js'
import { fishCompletion, type CompletionCommand } from '../../output/fish-completion.js'

export default class CompletionFish extends BaseCommand<typeof CompletionFish> {
  static override summary = 'Print a fish completion script (bash and zsh: ptctl autocomplete)'
  static override description =
    'Install it where fish looks for completions: ptctl completion fish > ~/.config/fish/completions/ptctl.fish'
  static override examples = ['<%= config.bin %> completion fish > ~/.config/fish/completions/ptctl.fish']

  async run(): Promise<void> {
    // from the command manifest: no command is loaded to write this
    const commands: CompletionCommand[] = this.config.commands
      .filter((c) => !c.hidden)
      .map((c) => ({
        words: c.id.split(':'),
        summary: c.summary ?? c.description?.split('\n')[0] ?? '',
        flags: Object.values(c.flags)
          .filter((f) => !f.hidden)
          .map((f) => ({
            name: f.name,
            ...(f.char !== undefined ? { char: f.char } : {}),
            description: f.summary ?? f.description ?? '',
            takesValue: f.type === 'option',
            ...(f.helpGroup === 'GLOBAL' ? { global: true } : {}),
            ...(f.type === 'option' ? choices(f) : {}),
          })),
      }))
    this.out(fishCompletion(this.config.bin, commands).trimEnd())
  }
}

/** A flag's fixed values: its options, or the choices its help value lists (`pretty|tsv|json`: -f/--format). */
function choices(f: { options?: readonly string[]; helpValue?: string | readonly string[] }): {
  options?: readonly string[]
} {
  if (f.options !== undefined) return { options: f.options }
  const help = typeof f.helpValue === 'string' ? f.helpValue : undefined
  return help !== undefined && help.includes('|') ? { options: help.split('|') } : {}
}
