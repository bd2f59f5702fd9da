import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import List from '../../src/commands/list.js'
import Version from '../../src/commands/version.js'
import type { KvRecord } from '../../src/cluster/key-layout.js'
import type { CtlConfig } from '../../src/config/types.js'
import { runCommand } from '../helpers/command-harness.js'
import { RecordingApi } from '../helpers/fakes.js'
import { clusterRecords } from '../helpers/records.js'

/**
 * ptctl's output read the way real callers of patronictl read it: an operator's Go struct decode of `list -f json`,
 * a readiness probe's `jq -e`, a monitor splitting the table on `|`, a version gate's semver parse. Each runs on the
 * keys of Patroni 3.0.2 agents (whose patronictl prints `Lag in MB`) and of real Patroni 4.1.4 agents (test fixtures).
 */

/** Keys as Patroni 3.0.2 agents write them, with pg3 5 MB behind. */
const agents302: KvRecord[] = clusterRecords({
  scope: 'demo',
  initialize: '7712158002539882163',
  config: { ttl: 20, loop_wait: 5, retry_timeout: 5 },
  leader: 'pg1',
  optime: 0x4000060 + 5 * 1024 * 1024,
  members: Object.fromEntries(
    [1, 2, 3].map((i) => [
      `pg${i}`,
      {
        conn_url: `postgres://127.0.0.1:550${i}/postgres`,
        api_url: `http://127.0.0.1:810${i}/patroni`,
        state: 'running',
        role: i === 1 ? 'master' : 'replica',
        version: '3.0.2',
        xlog_location: i === 3 ? 0x4000060 : 0x4000060 + 5 * 1024 * 1024,
        timeline: 1,
      },
    ]),
  ),
})

/** Keys real Patroni 4.1.4 agents wrote, pg3 behind (test/fixtures/patroni-4.1.4/scenario-lagging.json). */
const agents414: KvRecord[] = (
  JSON.parse(
    readFileSync(new URL('../fixtures/patroni-4.1.4/scenario-lagging.json', import.meta.url), 'utf8'),
  ) as Array<{ key: string; value: string }>
).map((r, i) => ({ ...r, version: String(i + 1) }))

const dcs: Pick<CtlConfig, 'dcs'> = {
  dcs: { kind: 'etcd3', hosts: ['127.0.0.1:2379'], protocol: 'http', tls: { insecure: false }, section: {} },
}

const asPatronictl = (command: unknown, args: string[], records: KvRecord[]) =>
  runCommand(command, args, { records, face: 'patronictl', config: { ...dcs }, api: new RecordingApi() })

/** Go's encoding/json into a struct: a missing key is the zero value, a value of another type is an error. */
function goDecode<T extends Record<string, 'string' | 'int'>>(
  row: Record<string, unknown>,
  fields: T,
): Record<keyof T, string | number> {
  const out: Record<string, string | number> = {}
  for (const [key, type] of Object.entries(fields)) {
    const v = row[key]
    if (v === undefined || v === null) out[key] = type === 'int' ? 0 : ''
    else if (type === 'int' && !Number.isInteger(v))
      throw new Error(`json: cannot unmarshal ${typeof v} into Go struct field .${key} of type int`)
    else if (type === 'string' && typeof v !== 'string')
      throw new Error(`json: cannot unmarshal ${typeof v} into Go struct field .${key} of type string`)
    else out[key] = v as string | number
  }
  return out as Record<keyof T, string | number>
}

const jq = (filter: string, input: string) => spawnSync('jq', ['-e', filter], { input, encoding: 'utf8' })

describe('an operator decoding `patronictl list -f json` into a Go struct', () => {
  it('Patroni 3.0.2: the lag is the "Lag in MB" integer (5 for the lagging replica), never a silent zero', async () => {
    const r = await asPatronictl(List, ['-f', 'json'], agents302)
    const rows = (JSON.parse(r.stdout) as Array<Record<string, unknown>>).map((row) =>
      goDecode(row, { Member: 'string', Role: 'string', State: 'string', TL: 'int', 'Lag in MB': 'int' }),
    )
    expect(rows).toEqual([
      { Member: 'pg1', Role: 'Leader', State: 'running', TL: 1, 'Lag in MB': 0 },
      { Member: 'pg2', Role: 'Replica', State: 'running', TL: 1, 'Lag in MB': 0 },
      { Member: 'pg3', Role: 'Replica', State: 'running', TL: 1, 'Lag in MB': 5 },
    ])
  })

  it('Patroni 4.1.4: the receive and replay lags are integers (3 and 5 MB)', async () => {
    const r = await asPatronictl(List, ['-f', 'json'], agents414)
    const pg3 = (JSON.parse(r.stdout) as Array<Record<string, unknown>>).find((row) => row['Member'] === 'pg3')
    expect(goDecode(pg3 ?? {}, { 'Receive Lag': 'int', 'Replay Lag': 'int' })).toEqual({
      'Receive Lag': 3,
      'Replay Lag': 5,
    })
  })
})

describe('a readiness probe: jq -e on `patronictl list -f json`', () => {
  it('Patroni 3.0.2: ."Lag in MB" == 0 holds for the replica in sync and fails for the lagging one', async () => {
    const r = await asPatronictl(List, ['-f', 'json'], agents302)
    expect(jq('.[] | select(.Member == "pg2") | ."Lag in MB" == 0', r.stdout).status).toBe(0)
    expect(jq('.[] | select(.Member == "pg3") | ."Lag in MB" == 0', r.stdout).status).toBe(1)
    // the leader has no lag key at all, as patronictl drops empty cells
    expect(jq('.[] | select(.Member == "pg1") | has("Lag in MB") | not', r.stdout).status).toBe(0)
  })

  it('Patroni 4.1.4: ."Replay Lag" of the lagging replica', async () => {
    const r = await asPatronictl(List, ['-f', 'json'], agents414)
    expect(jq('.[] | select(.Member == "pg3") | ."Replay Lag" == 5', r.stdout).status).toBe(0)
    expect(jq('.[] | select(.Member == "pg3") | has("Lag in MB") | not', r.stdout).status).toBe(0)
  })
})

/** A monitor's parse of the pretty table: the header cells name the columns, each row is split on `|`. */
function splitTable(text: string): Array<Record<string, string>> {
  const lines = text.split('\n').filter((l) => l.startsWith('| '))
  const cells = (l: string) =>
    l
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim())
  const [header, ...rows] = lines.map(cells)
  return rows.map((row) => Object.fromEntries((header ?? []).map((h, i) => [h, row[i] ?? ''])))
}

describe('a monitor splitting `patronictl list` on |', () => {
  it('Patroni 3.0.2: the column after TL is the lag in MB', async () => {
    const r = await asPatronictl(List, [], agents302)
    expect(splitTable(r.stdout).map((row) => [row['Member'], row['Lag in MB']])).toEqual([
      ['pg1', ''],
      ['pg2', '0'],
      ['pg3', '5'],
    ])
  })

  it('Patroni 4.1.4: the LSN and lag columns', async () => {
    const r = await asPatronictl(List, [], agents414)
    const header = r.stdout.split('\n').find((l) => l.startsWith('| Member'))
    expect(header?.split('|').map((c) => c.trim())).toEqual([
      '',
      'Member',
      'Host',
      'Role',
      'State',
      'TL',
      'Receive LSN',
      'Lag',
      'Replay LSN',
      'Lag',
      '',
    ])
  })
})

describe('a version gate parsing `patronictl version`', () => {
  const semver = (out: string) => /^patronictl version (\d+)\.(\d+)\.(\d+)$/m.exec(out)?.slice(1).map(Number)

  it('the lowest Patroni among the members of the configured cluster: 3.0.2, then 4.1.4', async () => {
    expect(semver((await asPatronictl(Version, [], agents302)).stdout)).toEqual([3, 0, 2])
    expect(semver((await asPatronictl(Version, [], agents414)).stdout)).toEqual([4, 1, 4])
  })

  it('ptctl itself keeps its own first line and says the patronictl version on the next', async () => {
    const r = await runCommand(Version, [], { records: agents302, config: { ...dcs } })
    const [own, answered] = r.stdout.split('\n')
    expect(own).toMatch(/^ptctl version \d+\.\d+\.\d+$/)
    expect(answered).toMatch(
      /^patronictl version 3\.0\.2 \(answering as it: the lowest Patroni among the members of demo\)$/,
    )
  })
})
