import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, it } from 'vitest'

import {
  allTools,
  compareExact,
  compareNative,
  runCase,
  startLab,
  textLines,
  type CompatCase,
  type Lab,
} from '../helpers/compat-harness.js'
import { tempDir } from '../helpers/leftovers.js'

/**
 * patronictl command lines that act (edit-config, pause, switchover, failover, restart, reload, reinit): run with the
 * real patronictl 3.0.2, with ptctl, and with ptctl invoked as patronictl, each from the same settled cluster (see
 * compat-harness.ts).
 */

let lab: Lab
const dir = tempDir('ptctl-compat-act-')

beforeAll(async () => {
  lab = await startLab()
}, 240_000)
afterAll(async () => {
  await lab?.sb.stop()
})

const applyFile = join(dir, 'apply.yaml')
writeFileSync(applyFile, 'ttl: 25\npostgresql:\n  parameters:\n    work_mem: 8MB\n')
const editor = join(dir, 'editor.sh')
writeFileSync(editor, '#!/bin/sh\nsed -i "s/^ttl: 20$/ttl: 24/" "$1"\n')
chmodSync(editor, 0o755)
// scheduled times are fixed once, so that both tools are given the same text
const future = (hours: number) => new Date(Math.ceil(Date.now() / 60_000) * 60_000 + hours * 3_600_000)
const ISO_2H = future(2)
  .toISOString()
  .replace(/\.\d+Z$/, '+00:00')
const ISO_4H = future(4)
  .toISOString()
  .replace(/\.\d+Z$/, '+00:00')
const ISO_5H = future(5)
  .toISOString()
  .replace(/\.\d+Z$/, '+00:00')
/** `date -R` */
const DATE_R_2H = future(2).toUTCString().replace('GMT', '+0000')
/** `date` (C locale, TZ=UTC) */
const DATE_3H = (() => {
  const d = future(3)
  const [wd = '', , mon = ''] = d.toUTCString().split(' ')
  return `${wd.replace(',', '')} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} UTC ${d.getUTCFullYear()}`
})()

const ACT: Array<[string, CompatCase]> = [
  // first, before any case leaves a restart pending (Patroni keeps that flag until the restart)
  [
    'restart demo --pending --force (nothing pending)',
    {
      args: () => ['restart', 'demo', '--pending', '--force'],
      settle: true,
      effect: false,
      nativeDiffers: 'ptctl sends nothing when nothing is pending',
    },
  ],
  ['edit-config -s ttl=21 --force', { args: () => ['edit-config', '-s', 'ttl=21', '--force'] }],
  [
    'edit-config -p work_mem=8MB --force demo (options before the cluster)',
    { args: () => ['edit-config', '-p', 'work_mem=8MB', '--force', 'demo'] },
  ],
  ['edit-config -s loop_wait=4 demo --force', { args: () => ['edit-config', '-s', 'loop_wait=4', 'demo', '--force'] }],
  [
    'edit-config -s ttl=22 -p max_connections=101 --force demo',
    { args: () => ['edit-config', '-s', 'ttl=22', '-p', 'max_connections=101', '--force', 'demo'] },
  ],
  // Patroni's own acceptance step: a ttl below loop_wait + 2 * retry_timeout, which Patroni adjusts itself
  [
    'edit-config -s ttl=10 -p max_connections=101 --force demo (Patroni adjusts the timings)',
    {
      args: () => ['edit-config', '-s', 'ttl=10', '-p', 'max_connections=101', '--force', 'demo'],
      nativeDiffers: 'a warning on stderr says Patroni will adjust the timings',
    },
  ],
  // StackGres: the diff of a configuration piped in, without --force: shown, not written, exit 0
  [
    'cat FILE | edit-config --apply - (no --force)',
    { args: () => ['edit-config', '--apply', '-'], input: () => 'ttl: 26\n' },
  ],
  [
    "edit-config -p 'superuser_reserved_connections=6' --force demo",
    { args: () => ['edit-config', '-p', 'superuser_reserved_connections=6', '--force', 'demo'] },
  ],
  ['edit-config --set ttl=23 -q --force', { args: () => ['edit-config', '--set', 'ttl=23', '-q', '--force'] }],
  ['edit-config -s ttl=20 --force (no change)', { args: () => ['edit-config', '-s', 'ttl=20', '--force'] }],
  ['edit-config -s a.b=1 -s a.c=2 --force', { args: () => ['edit-config', '-s', 'a.b=1', '-s', 'a.c=2', '--force'] }],
  ['edit-config --apply FILE --force', { args: () => ['edit-config', '--apply', applyFile, '--force'] }],
  [
    'cat FILE | edit-config --apply - --force',
    { args: () => ['edit-config', '--apply', '-', '--force'], input: () => 'ttl: 26\n' },
  ],
  ['edit-config -s ttl=27, answered "y"', { args: () => ['edit-config', '-s', 'ttl=27'], input: () => 'y\n' }],
  ['edit-config -s ttl=28, answered "n"', { args: () => ['edit-config', '-s', 'ttl=28'], input: () => 'n\n' }],
  [
    'EDITOR=script edit-config, answered "y"',
    { args: () => ['edit-config'], input: () => 'y\n', env: { EDITOR: editor } },
  ],
  ['EDITOR=script edit-config --force', { args: () => ['edit-config', '--force'], env: { EDITOR: editor } }],
  ['pause', { args: () => ['pause'] }],
  ['pause --wait', { args: () => ['pause', '--wait'] }],
  [
    'switchover --scheduled ISO --force',
    { args: () => ['switchover', '--scheduled', ISO_2H, '--force'], settle: true },
  ],
  [
    'switchover --scheduled "$(date -R)" --force',
    { args: () => ['switchover', '--scheduled', DATE_R_2H, '--force'], settle: true },
  ],
  [
    'switchover --scheduled "$(date)" --force',
    { args: () => ['switchover', '--scheduled', DATE_3H, '--force'], settle: true },
  ],
  [
    'switchover --scheduled "Jan 1 2030 10:00 UTC" --force',
    { args: () => ['switchover', '--scheduled', 'Jan 1 2030 10:00 UTC', '--force'], settle: true },
  ],
  [
    'switchover --scheduled 20300101T1000 --force',
    { args: () => ['switchover', '--scheduled', '20300101T1000', '--force'], settle: true },
  ],
  [
    'switchover --scheduled "2030-01-01 10:00 CET" --force (zone ignored, as dateutil does)',
    { args: () => ['switchover', '--scheduled', '2030-01-01 10:00 CET', '--force'], settle: true },
  ],
  [
    'switchover --candidate R1 --scheduled ISO --force',
    { args: (s) => ['switchover', '--candidate', s.replicas[0] ?? '', '--scheduled', ISO_4H, '--force'], settle: true },
  ],
  [
    'switchover, scheduled through the prompts',
    { args: () => ['switchover'], input: (s) => `${s.leader}\n${s.replicas[1] ?? ''}\n${ISO_5H}\ny\n`, settle: true },
  ],
  [
    'restart demo R1 --scheduled ISO --force',
    {
      args: (s) => ['restart', 'demo', s.replicas[0] ?? '', '--scheduled', ISO_2H, '--force'],
      settle: true,
      effect: false,
    },
  ],
  // the members' pending-restart marks come and go after the configuration cases: reload's table by its shape
  ['reload demo --force', { args: () => ['reload', 'demo', '--force'], effect: false, racy: true }],
  [
    'reload demo R1 --force',
    { args: (s) => ['reload', 'demo', s.replicas[0] ?? '', '--force'], effect: false, racy: true },
  ],
  [
    'reload demo -r replica --force',
    { args: () => ['reload', 'demo', '-r', 'replica', '--force'], effect: false, racy: true },
  ],
  ['reload demo, answered "y"', { args: () => ['reload', 'demo'], input: () => 'y\n', effect: false, racy: true }],
  [
    'reload --force demo R2 (options first)',
    { args: (s) => ['reload', '--force', 'demo', s.replicas[1] ?? ''], effect: false, racy: true },
  ],
  [
    'restart demo R1 --force',
    { args: (s) => ['restart', 'demo', s.replicas[0] ?? '', '--force'], settle: true, effect: false },
  ],
  [
    'restart demo R2, answered now/y/empty',
    { args: (s) => ['restart', 'demo', s.replicas[1] ?? ''], input: () => 'now\ny\n\n', settle: true, effect: false },
  ],
  [
    'switchover --candidate R1 --force',
    { args: (s) => ['switchover', '--candidate', s.replicas[0] ?? '', '--force'], settle: true, lines: textLines },
  ],
  [
    'switchover --leader LEADER --candidate R2 --force',
    {
      args: (s) => ['switchover', '--leader', s.leader, '--candidate', s.replicas[1] ?? '', '--force'],
      settle: true,
      lines: textLines,
    },
  ],
  [
    'switchover --master LEADER --candidate R1 --force',
    {
      args: (s) => ['switchover', '--master', s.leader, '--candidate', s.replicas[0] ?? '', '--force'],
      settle: true,
      lines: textLines,
    },
  ],
  [
    'switchover answered through the prompts',
    {
      args: () => ['switchover'],
      input: (s) => `${s.leader}\n${s.replicas[0] ?? ''}\nnow\ny\n`,
      settle: true,
      lines: textLines,
    },
  ],
  [
    'failover --candidate R2 --force',
    { args: (s) => ['failover', '--candidate', s.replicas[1] ?? '', '--force'], settle: true, lines: textLines },
  ],
  [
    'failover --leader LEADER --candidate R1 --force (a switchover)',
    {
      args: (s) => ['failover', '--leader', s.leader, '--candidate', s.replicas[0] ?? '', '--force'],
      settle: true,
      lines: textLines,
    },
  ],
  [
    'failover answered through the prompts',
    { args: () => ['failover'], input: (s) => `${s.replicas[1] ?? ''}\ny\n`, settle: true, lines: textLines },
  ],
  // Crunchy PGO's rolling restart: an empty --candidate is no candidate
  [
    'switchover --scheduled=now --force --primary=LEADER --candidate=',
    {
      args: (s) => ['switchover', '--scheduled=now', '--force', `--primary=${s.leader}`, '--candidate='],
      settle: true,
      patroniPicks: true,
      lines: textLines,
      nativeDiffers: 'ptctl says which candidate Patroni chose from',
    },
  ],
  // conditional restarts with nothing to do: Patroni answers 503, patronictl prints it and exits 0
  [
    'restart demo R1 --pg-version 15.0 --force (already newer)',
    {
      args: (s) => ['restart', 'demo', s.replicas[0] ?? '', '--pg-version', '15.0', '--force'],
      settle: true,
      effect: false,
      nativeDiffers: 'ptctl says the restart was not needed',
    },
  ],
  [
    'reinit demo R1 --force',
    {
      args: (s) => ['reinit', 'demo', s.replicas[0] ?? '', '--force'],
      settle: true,
      effect: false,
      lines: textLines,
      rebuilds: (s) => s.replicas[0] ?? '',
    },
  ],
  [
    'reinit demo, member and "y" piped',
    {
      args: () => ['reinit', 'demo'],
      input: (s) => `${s.replicas[1] ?? ''}\ny\n`,
      settle: true,
      effect: false,
      lines: textLines,
      rebuilds: (s) => s.replicas[1] ?? '',
    },
  ],
]

describe('patronictl command lines that act: ptctl agrees, and as patronictl it is patronictl byte for byte', () => {
  it.each(ACT)(
    '%s',
    async (name, k) => {
      // a case that moves the cluster (a switchover, a restart) takes seconds a run: there, ptctl as patronictl only,
      // ptctl's own actions being tested against a real cluster in actions.test.ts
      const moves = k.settle === true || k.rebuilds !== undefined
      const tools = allTools(lab)
      const [theirs, second, third] = await runCase(lab, k, moves ? [tools[0], tools[2]] : tools)
      const dropIn = moves ? second : third
      if (!theirs || !second || !dropIn) throw new Error('a tool did not run')
      if (!moves) compareNative(name, k, theirs, second)
      compareExact(name, k, theirs, dropIn)
    },
    400_000,
  )
})
