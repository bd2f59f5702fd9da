// Start-up and read commands: ptctl (through its start-up bundle, and without it) vs patronictl vs `node -e 0`,
// whole processes, alternated; on the sandbox's etcd v3 and on a real ZooKeeper holding a copy of its keys.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { loadCtlConfig } from '../dist/config/load.js'
import { Etcd3Store } from '../dist/dcs/etcd3-store.js'
import { ZooKeeperStore } from '../dist/dcs/zookeeper-store.js'
import { compare } from './lib.js'
import { loopbackSettings, startZooKeeper } from './servers.js'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const node = process.execPath

/** One row: the four variants of one command line, alternated round-robin. */
function measureRow(label, args, theirs, reps) {
  const variants = [
    { name: 'ptctl', argv: [node, bin, ...args] },
    // `env` costs an exec (≈ 1 ms) that the bundled variant does not pay
    { name: 'ptctl without bundle', argv: ['/usr/bin/env', 'PTCTL_NO_BUNDLE=1', node, bin, ...args] },
    ...(theirs ? [{ name: 'patronictl', argv: ['/usr/bin/patronictl', ...theirs] }] : []),
    { name: 'node -e 0', argv: [node, '-e', '0'] },
  ]
  const stats = compare(variants, reps)
  const by = (name) => stats.find((s) => s.name === name)
  return { label, a: by('ptctl'), plain: by('ptctl without bundle'), b: by('patronictl'), floor: by('node -e 0') }
}

/** The sandbox's keys (a live cluster's) copied into a fresh ZooKeeper, and a config naming it. */
export async function zookeeperCopy(config) {
  const source = loadCtlConfig({ configFile: config, insecure: false, env: {}, home: tmpdir() })
  const etcd = new Etcd3Store(source.dcs, 5000)
  const zk = await startZooKeeper()
  const store = new ZooKeeperStore(loopbackSettings('zookeeper', zk.port), 5000)
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-bench-zkcfg-'))
  try {
    for (const { key, value } of await etcd.list(`/${source.namespace.replace(/^\/|\/$/g, '')}/${source.scope}/`))
      await store.put(key, value)
    const file = join(dir, 'patronictl.yaml')
    writeFileSync(file, `scope: ${source.scope}\nzookeeper:\n  hosts:\n  - 127.0.0.1:${zk.port}\n`)
    return {
      file,
      stop: async () => {
        await zk.stop()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (e) {
    await zk.stop()
    rmSync(dir, { recursive: true, force: true })
    throw e
  } finally {
    await etcd.close()
    await store.close()
  }
}

export async function runStartup(config, reps, log) {
  const c = ['-c', config]
  const groups = [
    ['--help', ['--help'], ['--help']],
    ['version', ['version'], ['version']],
    ['list', [...c, 'list'], [...c, 'list']],
    ['list -f json', [...c, 'list', '-f', 'json'], [...c, 'list', '-f', 'json']],
    ['show-config', [...c, 'show-config'], [...c, 'show-config']],
    ['topology', [...c, 'topology'], [...c, 'topology']],
    // patronictl has no `check`
    ['check', [...c, 'check'], undefined],
  ]
  const rows = []
  for (const [label, ours, theirs] of groups) {
    log(`measuring ${label} (${reps} runs each)`)
    rows.push(measureRow(label, ours, theirs, reps))
  }
  const zk = await zookeeperCopy(config)
  try {
    for (const [label, tail] of [
      ['list (ZooKeeper)', ['list']],
      ['show-config (ZooKeeper)', ['show-config']],
    ]) {
      log(`measuring ${label} (${reps} runs each)`)
      rows.push(measureRow(label, ['-c', zk.file, ...tail], ['-c', zk.file, ...tail], reps))
    }
  } finally {
    await zk.stop()
  }
  return rows
}
