import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isatty } from 'node:tty'

import { ActionError, InterruptedError, UsageError } from '../errors.js'
import type { InterruptReport } from './interrupt.js'

function available(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
}

/** Opens `text` in $EDITOR (then `editor`, then `vi`) in a temporary `<cluster>-config-*.yaml` and returns the result. */
export function editInEditor(cluster: string, text: string, interrupt: InterruptReport): Promise<string> {
  const fromEnv = process.env['EDITOR']
  // scripted editors ($EDITOR) run with or without a terminal, as with patronictl; the interactive fallbacks
  // would wait on a pipe, so without a terminal they are not started
  if (!fromEnv && !isatty(0))
    throw new UsageError(
      'EDITOR environment variable is not set and there is no terminal for editor or vi: set EDITOR, or give -s/-p/--apply/--replace',
    )
  const editor = fromEnv || (available('editor') ? 'editor' : available('vi') ? 'vi' : undefined)
  if (!editor) throw new UsageError('EDITOR environment variable is not set. editor or vi are not available')
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-'))
  const removeDir = () => rmSync(dir, { recursive: true, force: true })
  const forget = interrupt.onInterrupt(removeDir)
  const file = join(dir, `${cluster.replace(/\//g, '_')}-config-${process.pid}.yaml`)
  try {
    writeFileSync(file, text)
    const result = spawnSync('sh', ['-c', `${editor} "$1"`, 'editor', file], { stdio: 'inherit' })
    // Ctrl-C reaches the editor and ptctl together (one process group): report it as ptctl's interruption
    if (result.signal === 'SIGINT') throw new InterruptedError(interrupt.message())
    if (result.status !== 0) throw new ActionError(`Editor exited with return code ${result.status ?? result.signal}`)
    return Promise.resolve(readFileSync(file, 'utf8'))
  } finally {
    forget()
    removeDir()
  }
}
