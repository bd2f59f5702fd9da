// The single executable (npm run package) against bin/run.js and patronictl: whole processes, alternated; start-up
// commands and `list` on etcd v3 and ZooKeeper. Also counts the code caches V8 rejected in each (PTCTL_DEBUG says so):
// a rejected cache means scripts compiled from source, slower than these rows should be.
import { execFileSync, spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { compare } from './lib.js'
import { zookeeperCopy } from './startup.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const executable = fileURLToPath(new URL('../package/ptctl', import.meta.url))

/** How many code caches V8 rejected in one run of `argv` (each is one line under PTCTL_DEBUG). */
function rejectedCaches(argv) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env: { ...process.env, PTCTL_DEBUG: '1' } })
  return (r.stderr.match(/rejected the code cache/g) ?? []).length
}

function measureRow(label, args, theirs, reps) {
  const variants = [
    { name: 'executable', argv: [executable, ...args] },
    { name: 'bin/run.js', argv: [process.execPath, bin, ...args] },
    ...(theirs ? [{ name: 'patronictl', argv: ['/usr/bin/patronictl', ...theirs] }] : []),
  ]
  const stats = compare(variants, reps)
  const by = (name) => stats.find((s) => s.name === name)
  return {
    label,
    exe: by('executable'),
    script: by('bin/run.js'),
    theirs: by('patronictl'),
    rejected: { exe: rejectedCaches(variants[0].argv), script: rejectedCaches(variants[1].argv) },
  }
}

export async function runPackaged(config, reps, log) {
  log('building the single executable and the .deb (npm run package)')
  execFileSync(process.execPath, [`${root}scripts/package.mjs`], { stdio: ['ignore', 'ignore', 'inherit'] })
  const size = statSync(executable).size
  const rows = []
  for (const [label, args] of [
    ['--help', ['--help']],
    ['version', ['version']],
    ['list', ['-c', config, 'list']],
  ]) {
    log(`measuring ${label}: executable, bin/run.js, patronictl (${reps} runs each)`)
    rows.push(measureRow(label, args, args, reps))
  }
  const zk = await zookeeperCopy(config)
  try {
    log(`measuring list (ZooKeeper): executable, bin/run.js, patronictl (${reps} runs each)`)
    const args = ['-c', zk.file, 'list']
    rows.push(measureRow('list (ZooKeeper)', args, args, reps))
  } finally {
    await zk.stop()
  }
  return { rows, size }
}
