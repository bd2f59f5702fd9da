import { TogglePauseCommand } from '../cli/toggle-pause-command.js'

export default class Resume extends TogglePauseCommand {
  static override summary = 'Resume auto failover'
  static override examples = ['<%= config.bin %> resume demo --wait']
  protected readonly paused = false
}
