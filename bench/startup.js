// Start-up and read commands: ptctl vs patronictl vs `node -e 0`, whole processes, alternated.
import { fileURLToPath } from 'node:url'

import { compare } from './lib.js'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))

export function runStartup(config, reps, log) {
  const node = process.execPath
  const ptctl = (...a) => [node, bin, ...a]
  const patronictl = (...a) => ['/usr/bin/patronictl', ...a]
  const groups = [
    ['--help', ptctl('--help'), patronictl('--help')],
    ['version', ptctl('version'), patronictl('version')],
    ['list', ptctl('-c', config, 'list'), patronictl('-c', config, 'list')],
    ['list -f json', ptctl('-c', config, 'list', '-f', 'json'), patronictl('-c', config, 'list', '-f', 'json')],
    ['show-config', ptctl('-c', config, 'show-config'), patronictl('-c', config, 'show-config')],
    ['topology', ptctl('-c', config, 'topology'), patronictl('-c', config, 'topology')],
  ]
  const rows = []
  for (const [label, ours, theirs] of groups) {
    log(`measuring ${label} (${reps} runs each)`)
    const [a, b, floor] = compare(
      [
        { name: 'ptctl', argv: ours },
        { name: 'patronictl', argv: theirs },
        { name: 'node -e 0', argv: [node, '-e', '0'] },
      ],
      reps,
    )
    rows.push({ label, a, b, floor })
  }
  return rows
}
