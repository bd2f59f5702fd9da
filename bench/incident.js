// Incident tools on the live sandbox: doctor, report (the archive to stdout, thrown away) and list --live, beside
// check and list (their read-only neighbours) and the real patronictl list, each a whole process, round-robin.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { compare } from './lib.js'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))

export function runIncident(config, reps, log) {
  // list --live logs in as a node does: the sandbox's first node's own patroni.yml holds its superuser
  const nodeConfig = join(dirname(config), 'pg1', 'patroni.yml')
  const ptctl = (name, args, c = config) => ({ name, argv: [process.execPath, bin, '-c', c, ...args] })
  const variants = [
    ptctl('list demo', ['list', 'demo']),
    ptctl('check demo', ['check', 'demo']),
    ptctl('doctor demo', ['doctor', 'demo']),
    ptctl('doctor demo --json', ['doctor', 'demo', '--json']),
    ptctl('report demo -o -', ['report', 'demo', '-o', '-']),
    ...(existsSync(nodeConfig) ? [ptctl('list demo --live', ['list', 'demo', '--live'], nodeConfig)] : []),
    { name: 'patronictl list demo', argv: ['/usr/bin/patronictl', '-c', config, 'list', 'demo'] },
  ]
  log(`measuring ${variants.map((v) => v.name).join(', ')}`)
  return compare(variants, reps)
}
