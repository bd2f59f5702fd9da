// Switchover to a confirmed running leader: ptctl switchover --force --wait vs patronictl switchover --force
// followed by patronictl list polling, round-robin over the members of one sandbox cluster.
import { execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import { median } from './lib.js'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))

function members(config) {
  const rows = JSON.parse(
    execFileSync(process.execPath, [bin, '-c', config, 'list', '-f', 'json'], { encoding: 'utf8' }),
  )
  return { leader: rows.find((r) => r.Role === 'Leader')?.Member, all: rows.map((r) => r.Member) }
}

function healthy(config) {
  for (let i = 0; i < 240; i++) {
    const rows = JSON.parse(
      execFileSync(process.execPath, [bin, '-c', config, 'list', '-f', 'json'], { encoding: 'utf8' }),
    )
    if (rows.length === 3 && rows.every((r) => r.State === 'running') && rows.some((r) => r.Role === 'Leader')) return
    execFileSync('sleep', ['0.5'])
  }
  throw new Error('cluster did not settle')
}

/** ptctl: the moment its stderr says the new leader runs, and the moment it exits (members following). */
function ptctlSwitchover(config, leader, candidate) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    let leaderAt
    const child = spawn(
      process.execPath,
      [bin, '-c', config, 'switchover', '--leader', leader, '--candidate', candidate, '--force', '--wait'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let buf = ''
    child.stderr.on('data', (d) => {
      buf += d
      if (leaderAt === undefined && /new leader \S+ is running/.test(buf)) leaderAt = (performance.now() - t0) / 1000
    })
    child.on('exit', (code) =>
      code === 0
        ? resolve({ leader: leaderAt, exit: (performance.now() - t0) / 1000 })
        : reject(new Error(`ptctl exited ${code}: ${buf}`)),
    )
  })
}

/** patronictl: its own exit, then `patronictl list -f json` until the candidate is Leader and running. */
function patronictlSwitchover(config, leader, candidate) {
  const t0 = performance.now()
  execFileSync(
    '/usr/bin/patronictl',
    ['-c', config, 'switchover', '--leader', leader, '--candidate', candidate, '--force'],
    { stdio: 'ignore' },
  )
  const exit = (performance.now() - t0) / 1000
  for (let i = 0; i < 200; i++) {
    const rows = JSON.parse(
      execFileSync('/usr/bin/patronictl', ['-c', config, 'list', '-f', 'json'], { encoding: 'utf8' }),
    )
    if (rows.some((r) => r.Member === candidate && r.Role === 'Leader' && r.State === 'running'))
      return { leader: (performance.now() - t0) / 1000, exit }
  }
  throw new Error('patronictl: candidate never became a running leader')
}

export async function runSwitchover(config, rounds, log) {
  const ours = []
  const theirs = []
  for (let i = 0; i < rounds; i++) {
    for (const [name, fn, into] of [
      ['ptctl', ptctlSwitchover, ours],
      ['patronictl', patronictlSwitchover, theirs],
    ]) {
      healthy(config)
      const { leader, all } = members(config)
      const candidate = all[(all.indexOf(leader) + 1) % all.length]
      const r = await fn(config, leader, candidate)
      log(
        `${name} switchover ${leader} -> ${candidate}: running leader confirmed at ${r.leader.toFixed(2)} s, exit ${r.exit.toFixed(2)} s`,
      )
      into.push(r)
    }
  }
  const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) })
  return {
    rounds,
    ptctl: { leader: stats(ours.map((r) => r.leader)), exit: stats(ours.map((r) => r.exit)) },
    patronictl: { leader: stats(theirs.map((r) => r.leader)), exit: stats(theirs.map((r) => r.exit)) },
  }
}
