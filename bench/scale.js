// Scale: a 1,000-member cluster and a namespace of 1,000 clusters in a real etcd; time, peak RSS and DCS round trips.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { Etcd3Store } from '../dist/dcs/etcd3-store.js'
import { loopbackSettings, startEtcd } from './servers.js'
import { compare } from './lib.js'
import { writeCluster } from './synthetic.js'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))

/** DCS round trips of one run, as ptctl reports them on stderr with PTCTL_DCS_STATS=1. */
function roundTripsOf(config, args) {
  const r = spawnSync(process.execPath, [bin, '-c', config, ...args], {
    env: { ...process.env, PTCTL_DCS_STATS: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  return Number(/dcs round trips: (\d+)/.exec(r.stderr)?.[1] ?? NaN)
}

export async function runScale(reps, log) {
  const etcd = await startEtcd()
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-scale-'))
  const small = join(dir, 'small.yaml')
  const big = join(dir, 'big.yaml')
  const many = join(dir, 'many.yaml')
  writeFileSync(small, `scope: small\nnamespace: /service/\netcd3:\n  hosts: 127.0.0.1:${etcd.port}\n`)
  writeFileSync(big, `scope: big\nnamespace: /service/\netcd3:\n  hosts: 127.0.0.1:${etcd.port}\n`)
  writeFileSync(many, `scope: c0000\nnamespace: /many/\netcd3:\n  hosts: 127.0.0.1:${etcd.port}\n`)
  const store = new Etcd3Store(loopbackSettings('etcd3', etcd.port), 10000)
  try {
    log('writing a 3-member cluster, a 1,000-member cluster and 1,000 clusters of 3 members into etcd')
    await writeCluster(store, 'small', 3)
    await writeCluster(store, 'big', 1000)
    const prefixed = { put: (k, v) => store.put(k.replace(/^\/service\//, '/many/'), v) }
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => writeCluster(prefixed, `c${String(i + j).padStart(4, '0')}`, 3)),
      )
    }
    await store.close()
    const cases = [
      ['list (3 members)', small, ['list']],
      ['list (1,000 members)', big, ['list']],
      ['list -f json (3 members)', small, ['list', '-f', 'json']],
      ['list -f json (1,000 members)', big, ['list', '-f', 'json']],
      ['topology (3 members)', small, ['topology']],
      ['topology (1,000 members)', big, ['topology']],
      ['list --all (1,000 clusters × 3)', many, ['list', '--all']],
      ['list --all -f json (1,000 clusters × 3)', many, ['list', '--all', '-f', 'json']],
    ]
    const rows = []
    for (const [label, config, args] of cases) {
      log(`measuring ${label}`)
      const [r] = compare([{ name: label, argv: [process.execPath, bin, '-c', config, ...args] }], reps)
      rows.push({ label, ...r, trips: roundTripsOf(config, args) })
    }
    log('measuring patronictl list on the 1,000-member cluster')
    const [py] = compare(
      [{ name: 'patronictl', argv: ['/usr/bin/patronictl', '-c', big, 'list'] }],
      Math.max(3, Math.floor(reps / 2)),
    )
    return { rows, patronictlBig: py }
  } finally {
    await etcd.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
