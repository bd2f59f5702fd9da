import { TogglePauseCommand } from '../cli/toggle-pause-command.js'

export default class Pause extends TogglePauseCommand {
  static override summary = 'Disable auto failover'
  static override examples = ['<%= config.bin %> pause demo --wait']
  protected readonly paused = true
}
