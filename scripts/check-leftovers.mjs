#!/usr/bin/env node
// Did a test run leave anything behind? Usage: check-leftovers.mjs DIR [--kill | --processes-only]
// DIR is the run's own temporary folder (TMPDIR of the run): a leftover is any process working in it or naming it on
// its command line (a Patroni, a PostgreSQL backend, an etcd, a ZooKeeper, a watchdog), any process of the run's own
// tmux servers, and anything still in DIR. Prints each one and exits 1 if there is any; with --kill, then SIGKILLs
// those processes and removes what is in DIR, so the machine is clean for the next run. With --processes-only, what
// is in DIR is not counted (a sandbox keeps its logs there).
import { readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const [dir, flag] = process.argv.slice(2)
if (!dir) {
  console.error('usage: check-leftovers.mjs DIR [--kill | --processes-only]')
  process.exit(2)
}

function leftoverProcesses() {
  const found = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    let cmdline = ''
    let cwd = ''
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()
      cwd = readlinkSync(`/proc/${entry}/cwd`)
    } catch {
      // gone, or a kernel thread
    }
    const inDir = cwd === dir || cwd.startsWith(`${dir}/`) || cmdline.includes(dir)
    // a test worker's own tmux server (test/helpers/tmux.ts) outliving that worker
    const tmuxOf = /\btmux\b.*-L ptctl-tests-(\d+)/.exec(cmdline)
    const ourTmux = tmuxOf !== null && !isAlive(Number(tmuxOf[1]))
    if ((inDir && !cmdline.includes('check-leftovers.mjs')) || ourTmux) found.push({ pid: Number(entry), cmdline, cwd })
  }
  return found
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function leftoverEntries() {
  try {
    return flag === '--processes-only' ? [] : readdirSync(dir)
  } catch {
    return [] // the folder is gone: nothing can be left in it
  }
}

// a test file's watchdog exits within a second of that file's cleanup: give the last ones a moment
let entries = leftoverEntries()
let processes = leftoverProcesses()
for (let waited = 0; (processes.length > 0 || entries.length > 0) && waited < 5000; waited += 250) {
  await new Promise((r) => setTimeout(r, 250))
  entries = leftoverEntries()
  processes = leftoverProcesses()
}
for (const p of processes) console.error(`leftover process ${p.pid}: ${p.cmdline.slice(0, 160)} (in ${p.cwd})`)
for (const e of entries) console.error(`leftover in ${dir}: ${e}`)
if (flag === '--kill') {
  for (const p of processes) {
    try {
      process.kill(p.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  for (const e of entries) rmSync(join(dir, e), { recursive: true, force: true })
}
if (processes.length > 0 || entries.length > 0) {
  console.error(`the run left ${processes.length} process(es) and ${entries.length} folder entr(ies) behind`)
  process.exit(1)
}
