import { run } from './cli.js'
import { track } from './leftovers.js'

/** this worker's own tmux server: a dead test can take it down without touching anyone else's sessions */
const SOCKET = `ptctl-tests-${process.pid}`
let tracked = false
const tmux = (args: readonly string[]) => run('/usr/bin/tmux', ['-L', SOCKET, ...args])

/**
 * Drives a command on a real terminal (a tmux pane): Inquirer's prompts need a TTY on stdin and stderr, which a
 * plain child process does not have. Only the session this helper creates is killed.
 */
export class TmuxSession {
  private constructor(readonly name: string) {}

  static async start(name: string, command: string): Promise<TmuxSession> {
    if (!tracked) track({ kind: 'tmux', socket: SOCKET })
    tracked = true
    const r = await tmux(['new-session', '-d', '-s', name, '-x', '220', '-y', '60', command])
    if (r.code !== 0) throw new Error(`tmux: ${r.stderr}`)
    return new TmuxSession(name)
  }

  async screen(): Promise<string> {
    return (await tmux(['capture-pane', '-p', '-t', this.name, '-S', '-200'])).stdout
  }

  /** Waits until the pane shows `text` (a prompt), then types `keys`. */
  async answer(text: string | RegExp, keys: string[], timeoutMs = 30_000): Promise<void> {
    await this.waitFor(text, timeoutMs)
    await tmux(['send-keys', '-t', this.name, ...keys])
  }

  async waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const screen = await this.screen()
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; screen:\n${screen}`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }

  async kill(): Promise<void> {
    await tmux(['kill-session', '-t', this.name])
  }
}
