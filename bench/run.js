#!/usr/bin/env node
// npm run bench [-- --reps N --config FILE]
// Measures ptctl against the real patronictl (Debian package) on the same sandbox cluster and writes BENCHMARKS.md.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { compare } from './lib.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin/run.js')
const args = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : dflt
}
const reps = Number(opt('--reps', '11'))
let config = opt('--config')
let sandboxDir
if (!config) {
  sandboxDir = mkdtempSync(join(tmpdir(), 'ptctl-bench-'))
  process.stderr.write(`starting a sandbox cluster in ${sandboxDir}\n`)
  config = execFileSync(process.execPath, [bin, 'sandbox', 'up', '--dir', sandboxDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim()
}

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
try {
  for (const [label, ours, theirs] of groups) {
    process.stderr.write(`measuring ${label} (${reps} runs each)\n`)
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
} finally {
  if (sandboxDir) execFileSync(node, [bin, 'sandbox', 'down', '--dir', sandboxDir], { stdio: 'ignore' })
}

const f = (s) => s.toFixed(3)
const version = (cmd) => {
  try {
    return execFileSync(cmd[0], cmd.slice(1), { encoding: 'utf8' }).trim()
  } catch {
    return '?'
  }
}
const table = [
  '| command | ptctl wall (min–max) | patronictl wall (min–max) | ratio | ptctl CPU | patronictl CPU | ptctl RSS MiB | patronictl RSS MiB | `node -e 0` wall | ptctl / node floor |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    ({ label, a, b, floor }) =>
      `| \`${label}\` | ${f(a.wall)} s (${f(a.min)}–${f(a.max)}) | ${f(b.wall)} s (${f(b.min)}–${f(b.max)}) | **${(a.wall / b.wall).toFixed(2)}×** | ${f(a.cpu)} s | ${f(b.cpu)} s | ${a.rss.toFixed(1)} | ${b.rss.toFixed(1)} | ${f(floor.wall)} s | ${(a.wall / floor.wall).toFixed(2)}× |`,
  ),
]
const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${version(['/usr/bin/patronictl', 'version'])}, ${version(['/usr/bin/etcd', '--version']).split('\n')[0]}`
const section = [
  '<!-- bench:startup:begin -->',
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` (${reps} runs of each command after one warm-up, the three variants alternated round-robin; medians).`,
  `Machine: ${machine}. Cluster: the sandbox (3 × Patroni 3.0.2, PostgreSQL 15, one etcd 3.4 on 127.0.0.1).`,
  '',
  ...table,
  '<!-- bench:startup:end -->',
].join('\n')

const file = join(root, 'BENCHMARKS.md')
let doc
try {
  doc = readFileSync(file, 'utf8')
} catch {
  doc = '# Benchmarks\n\n<!-- bench:startup:begin -->\n<!-- bench:startup:end -->\n'
}
doc = doc.replace(/<!-- bench:startup:begin -->[\s\S]*<!-- bench:startup:end -->/, section)
writeFileSync(file, doc)
process.stdout.write(`${table.join('\n')}\n`)
