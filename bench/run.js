#!/usr/bin/env node
// npm run bench [-- --reps N --rounds N --only startup,scale,switchover --config FILE]
// Measures ptctl against the real patronictl (Debian package) and rewrites the matching sections of BENCHMARKS.md.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { runEventLatency, runWatchLoad } from './events.js'
import { runFleet } from './fleet.js'
import { runIncident } from './incident.js'
import { runPackaged } from './packaged.js'
import { runScale } from './scale.js'
import { runStartup } from './startup.js'
import { runSwitchover } from './switchover.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin/run.js')
const args = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : dflt
}
const reps = Number(opt('--reps', '11'))
const rounds = Number(opt('--rounds', '5'))
const only = new Set(opt('--only', 'startup,packaged,scale,switchover,events,fleet,incident').split(','))
const loadSeconds = Number(opt('--load-seconds', '120'))
const log = (line) => process.stderr.write(`${line}\n`)
const f = (s) => s.toFixed(3)
const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ')
const version = (cmd) => {
  try {
    return execFileSync(cmd[0], cmd.slice(1), { encoding: 'utf8' }).trim().split('\n')[0]
  } catch {
    return '?'
  }
}
const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${version(['/usr/bin/patronictl', 'version'])}, ${version(['/usr/bin/etcd', '--version'])}`
const sections = {}

let config = opt('--config')
let sandboxDir
if (
  !config &&
  (only.has('startup') || only.has('packaged') || only.has('switchover') || only.has('events') || only.has('incident'))
) {
  sandboxDir = mkdtempSync(join(tmpdir(), 'ptctl-bench-'))
  log(`starting a sandbox cluster in ${sandboxDir}`)
  config = execFileSync(process.execPath, [bin, 'sandbox', 'up', '--dir', sandboxDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim()
}

try {
  if (only.has('startup')) {
    const rows = await runStartup(config, reps, log)
    const x = (n, d) => (n && d ? `${(n.wall / d.wall).toFixed(2)}×` : '–')
    const wall = (s) => (s ? `${f(s.wall)} s (${f(s.min)}–${f(s.max)})` : '–')
    const rss = (s) => (s ? s.rss.toFixed(1) : '–')
    sections.startup = [
      `Measured ${stamp} UTC by \`npm run bench\` (${reps} runs of each command after one warm-up, the variants alternated round-robin; medians).`,
      `Machine: ${machine}. Cluster: the sandbox (3 × Patroni 3.0.2, PostgreSQL 15, one etcd 3.4 on 127.0.0.1); the ZooKeeper rows read a real ZooKeeper 3.8 holding a copy of the sandbox's keys.`,
      '"ptctl" is the normal launch (the start-up bundle with its V8 code cache); "no bundle" the same build with \`PTCTL_NO_BUNDLE=1\` (oclif loading its modules from dist/ and node_modules/).',
      '',
      '| command | ptctl wall (min–max) | no bundle wall | patronictl wall (min–max) | **ptctl / patronictl** | bundle / no bundle | ptctl CPU | ptctl RSS MiB | no bundle RSS MiB | patronictl RSS MiB | `node -e 0` wall | **ptctl / node floor** |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows.map(
        ({ label, a, plain, b, floor }) =>
          `| \`${label}\` | ${wall(a)} | ${f(plain.wall)} s | ${wall(b)} | **${x(a, b)}** | ${x(a, plain)} | ${f(a.cpu)} s | ${rss(a)} | ${rss(plain)} | ${rss(b)} | ${f(floor.wall)} s | **${x(a, floor)}** |`,
      ),
    ].join('\n')
  }
  if (only.has('packaged')) {
    const { rows, size } = await runPackaged(config, reps, log)
    const wall = (s) => (s ? `${f(s.wall)} s (${f(s.min)}–${f(s.max)})` : '–')
    const x = (n, d) => (n && d ? `${(n.wall / d.wall).toFixed(2)}×` : '–')
    const cpuRss = (s) => (s ? `${f(s.cpu)} s / ${s.rss.toFixed(1)}` : '–')
    sections.packaged = [
      `Measured ${stamp} UTC by \`npm run bench -- --only packaged\` (${reps} runs of each command after one warm-up, the three alternated round-robin; medians).`,
      `Machine: ${machine}. "executable" is package/ptctl from \`npm run package\` (${(size / 2 ** 20).toFixed(1)} MiB: Node ${process.version} with the start-up bundle, its chunks and their code caches inside, stripped); "bin/run.js" the npm launch of the same build; patronictl the Debian package's. \`list\` reads the sandbox (etcd v3), \`list (ZooKeeper)\` a real ZooKeeper holding a copy of its keys.`,
      '',
      '| command | executable wall (min–max) | bin/run.js wall (min–max) | patronictl wall (min–max) | **executable / bin/run.js** | executable / patronictl | CPU s / peak RSS MiB: executable | bin/run.js | patronictl | code caches rejected (executable, bin/run.js) |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| \`${r.label}\` | ${wall(r.exe)} | ${wall(r.script)} | ${wall(r.theirs)} | **${x(r.exe, r.script)}** | ${x(r.exe, r.theirs)} | ${cpuRss(r.exe)} | ${cpuRss(r.script)} | ${cpuRss(r.theirs)} | ${r.rejected.exe}, ${r.rejected.script} |`,
      ),
      '',
      `File size: the executable ${(size / 2 ** 20).toFixed(1)} MiB; the Debian package (xz) holds it with completions, man page and docs.`,
    ].join('\n')
  }
  if (only.has('scale')) {
    const { rows, patronictlBig } = await runScale(Math.max(3, Math.floor(reps / 2)), log)
    const base = (label) => rows.find((r) => r.label === label)
    sections.scale = [
      `Measured ${stamp} UTC by \`npm run bench -- --only scale\` (${rows[0]?.n ?? '?'} runs each, medians) against a real etcd holding synthetic Patroni 4.x member records. Round trips counted with \`PTCTL_DCS_STATS=1\`.`,
      '',
      '| command | wall (min–max) | vs 3 members | peak RSS MiB | DCS round trips |',
      '|---|---|---|---|---|',
      ...rows.map((r) => {
        const ref = r.label.includes('1,000 clusters')
          ? base('list (3 members)')
          : base(r.label.replace('1,000 members', '3 members'))
        return `| \`${r.label}\` | ${f(r.wall)} s (${f(r.min)}–${f(r.max)}) | ${ref ? (r.wall / ref.wall).toFixed(2) + '×' : '–'} | ${r.rss.toFixed(1)} | ${r.trips} |`
      }),
      `| \`patronictl list\` (1,000 members) | ${f(patronictlBig.wall)} s (${f(patronictlBig.min)}–${f(patronictlBig.max)}) | – | ${patronictlBig.rss.toFixed(1)} | – |`,
    ].join('\n')
  }
  if (only.has('switchover')) {
    const r = await runSwitchover(config, rounds, log)
    const row = (name, s) =>
      `| ${name} | ${f(s.leader.median)} s (${f(s.leader.min)}–${f(s.leader.max)}) | ${f(s.exit.median)} s (${f(s.exit.min)}–${f(s.exit.max)}) |`
    sections.switchover = [
      `Measured ${stamp} UTC by \`npm run bench -- --only switchover\`: ${r.rounds} switchovers each, round-robin over the sandbox's members, alternating the two tools; medians (min–max).`,
      'ptctl: `ptctl switchover --leader L --candidate C --force --wait`, timed to the stderr line saying the new leader runs, and to its exit (every member following the new leader).',
      "patronictl: `patronictl switchover --leader L --candidate C --force`, then `patronictl list -f json` in a loop until C is Leader and running; timed to the end of that list, and to patronictl's own exit.",
      '',
      '| tool | to a confirmed running new leader | command exit |',
      '|---|---|---|',
      row('ptctl', r.ptctl),
      row('patronictl', r.patronictl),
      '',
      `Ratio to a confirmed running leader: **${(r.ptctl.leader.median / r.patronictl.leader.median).toFixed(2)}×**.`,
    ].join('\n')
  }
  if (only.has('fleet')) {
    const { rows, concurrency } = await runFleet(Math.max(3, Math.floor(reps / 2)), log)
    const one = rows[0]
    sections.fleet = [
      `Measured ${stamp} UTC by \`npm run bench -- --only fleet\` (${one?.n ?? '?'} runs each, medians): a real etcd 3.4 holding 10, 100 and 1,000 clusters × 3 members whose REST addresses are served by a **SIMULATED agent process** (\`bench/sim-agents.js\`, one Node process answering Patroni's health endpoints on 3,000 loopback ports; not Patroni). Default \`--concurrency\` (${concurrency}). Open sockets: the most connections the simulated agents saw open at once during one run.`,
      '',
      '| command | wall (min–max) | peak RSS MiB | vs one cluster | DCS round trips | most sockets open |',
      '|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| \`${r.label}\` | ${f(r.wall)} s (${f(r.min)}–${f(r.max)}) | ${r.rss.toFixed(1)} | ${one ? (r.rss / one.rss).toFixed(2) : '–'}× RSS | ${r.trips} | ${r.maxOpen ?? '–'} |`,
      ),
    ].join('\n')
  }
  if (only.has('incident')) {
    const rows = runIncident(config, Math.max(3, Math.floor(reps / 2)), log)
    const list = rows.find((r) => r.name === 'patronictl list demo')
    sections.incident = [
      `Measured ${stamp} UTC by \`npm run bench -- --only incident\` (${rows[0]?.n ?? '?'} runs each, round-robin, medians) on the sandbox (3 × Patroni 3.0.2, PostgreSQL 15, one etcd 3.4 on 127.0.0.1). \`doctor\` asks the etcd endpoint directly, reads the cluster, runs check's probes and each agent's \`GET /patroni\`; \`report\` adds every key, five reads per agent and the archive (written to stdout, thrown away); \`list --live\` adds one SQL connection to the leader (four statements).`,
      '',
      '| command | wall (min–max) | CPU | RSS MiB | vs `patronictl list` |',
      '|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| \`${r.name}\` | ${f(r.wall)} s (${f(r.min)}–${f(r.max)}) | ${f(r.cpu)} s | ${r.rss.toFixed(1)} | ${list ? (r.wall / list.wall).toFixed(2) : '–'}× |`,
      ),
    ].join('\n')
  }
  if (only.has('events')) {
    const rows = await runEventLatency(Math.max(50, reps * 5), log)
    const load = await runWatchLoad(config, loadSeconds, log)
    const ms = (x) => `${x.toFixed(1)} ms`
    sections.events = [
      `Measured ${stamp} UTC by \`npm run bench -- --only events\`. A real etcd 3.4 and a real ZooKeeper 3.8 (Debian) each hold a synthetic three-member cluster; the bench rewrites one member's timeline, timed from just before the write to the moment the line showing it reaches the bench through the command's stdout pipe. Pauses between changes are random (up to 100 ms for ptctl; spread over patronictl's whole 2 s cycle for patronictl, so a change lands anywhere in it).`,
      '',
      '| DCS | command | changes | median | p95 | min–max |',
      '|---|---|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.backend} | \`${r.label}\` | ${r.n} | **${ms(r.median)}** | ${ms(r.p95)} | ${ms(r.min)}–${ms(r.max)} |`,
      ),
      '',
      `DCS load: \`ptctl list -W\` left ${load.seconds} s on the live sandbox cluster (Patroni writing its keys as it runs) made **${load.roundTrips} read${load.roundTrips === 1 ? '' : 's'}** of the cluster and received ${load.notifications} change notifications, while \`ptctl events\` beside it told ${load.changes} meaningful changes; \`patronictl list -W\` reads the whole cluster every 2 s: ${load.patronictlReads} reads in the same time.`,
    ].join('\n')
  }
} finally {
  if (sandboxDir) {
    execFileSync(process.execPath, [bin, 'sandbox', 'down', '--dir', sandboxDir], { stdio: 'ignore' })
    rmSync(sandboxDir, { recursive: true, force: true })
  }
}

const file = join(root, 'BENCHMARKS.md')
let doc = readFileSync(file, 'utf8')
for (const [name, text] of Object.entries(sections)) {
  const re = new RegExp(`<!-- bench:${name}:begin -->[\\s\\S]*<!-- bench:${name}:end -->`)
  const block = `<!-- bench:${name}:begin -->\n${text}\n<!-- bench:${name}:end -->`
  doc = re.test(doc) ? doc.replace(re, block) : `${doc.trimEnd()}\n\n${block}\n`
  process.stdout.write(`${text}\n\n`)
}
writeFileSync(file, doc)
