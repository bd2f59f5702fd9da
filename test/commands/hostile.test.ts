import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import Check from '../../src/commands/check.js'
import Dsn from '../../src/commands/dsn.js'
import Haproxy from '../../src/commands/haproxy.js'
import History from '../../src/commands/history.js'
import List from '../../src/commands/list.js'
import Reload from '../../src/commands/reload.js'
import ShowConfig from '../../src/commands/show-config.js'
import Topology from '../../src/commands/topology.js'
import Version from '../../src/commands/version.js'
import type { KvRecord } from '../../src/cluster/key-layout.js'
import type { PatroniStatus } from '../../src/patroni-api/api.js'
import type { Face } from '../../src/output/face.js'
import { runCommand } from '../helpers/command-harness.js'
import { RecordingApi } from '../helpers/fakes.js'

/**
 * Anyone who can write a key of the cluster can put anything in it: names, tags, states, history reasons, URLs that
 * are not URLs, values of the wrong type. Every command that reads them must end with one of the README's exit codes
 * (never 70, a bug) and print no raw control character: ESC, CSI (0x9b), BEL, CR, backspace, ... reach no terminal.
 */

/** Text an attacker would write: escape sequences (CSI, OSC), line breaks, NUL, C1 controls, and plain text. */
const hostileText = fc.oneof(
  fc.constantFrom(
    '\u001b[2J\u001b[1;1H',
    '\u001b]0;owned\u0007',
    '\u009b31m',
    'pg1\nserver pwn 6.6.6.6:5432',
    'a\rb',
    '\u0000',
    '\b\b\b',
    '\t',
    'é漢字',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
)

/** A value of any JSON type, hostile strings inside. */
const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileText, tie('value'), { maxKeys: 3 }),
  ),
})).value

/** A member key: some fields right, some hostile, some of the wrong type. */
const memberData = fc.record(
  {
    conn_url: fc.oneof(
      fc.constant('postgres://127.0.0.1:5432/postgres'),
      hostileText.map((t) => `postgres://${t}:5432/x`),
      anyValue,
    ),
    api_url: fc.oneof(fc.constant('http://127.0.0.1:8008/patroni'), hostileText, anyValue),
    state: fc.oneof(fc.constant('running'), hostileText, anyValue),
    role: fc.oneof(fc.constantFrom('master', 'primary', 'replica'), hostileText),
    version: fc.oneof(fc.constantFrom('3.0.2', '4.1.4'), hostileText, anyValue),
    xlog_location: fc.oneof(fc.nat(), anyValue),
    receive_lsn: anyValue,
    replication_state: fc.oneof(fc.constant('streaming'), hostileText),
    timeline: fc.oneof(fc.nat(), anyValue),
    tags: fc.oneof(fc.dictionary(hostileText, anyValue, { maxKeys: 3 }), anyValue),
    pending_restart: anyValue,
    pending_restart_reason: fc.oneof(
      fc.dictionary(hostileText, fc.record({ old_value: hostileText, new_value: hostileText }), { maxKeys: 2 }),
      anyValue,
    ),
    scheduled_restart: fc.oneof(fc.record({ schedule: hostileText, postgres_version: anyValue }), anyValue),
  },
  { requiredKeys: [] },
)

const memberName = fc.oneof(
  fc.constantFrom('pg1', 'pg2'),
  hostileText.filter((t) => t !== '' && !t.includes('/')),
)

const clusterKeys = fc
  .record({
    members: fc.array(fc.tuple(memberName, memberData), { minLength: 1, maxLength: 3 }),
    leader: fc.option(memberName, { nil: undefined }),
    config: fc.oneof(
      fc.constant({ ttl: 20, loop_wait: 5 }),
      fc.dictionary(hostileText, anyValue, { maxKeys: 3 }),
      fc.record({ synchronous_mode: anyValue, standby_cluster: anyValue, pause: anyValue }),
    ),
    history: fc.array(fc.tuple(fc.nat(), fc.nat(), hostileText, hostileText, hostileText), { maxLength: 2 }),
    initialize: hostileText,
    failover: fc.record({ leader: hostileText, member: hostileText, scheduled_at: hostileText }, { requiredKeys: [] }),
    sync: fc.record({ leader: hostileText, sync_standby: hostileText }, { requiredKeys: [] }),
  })
  .map((k) => {
    const records: KvRecord[] = []
    const put = (key: string, value: string) =>
      records.push({ key: `/service/demo/${key}`, value, version: String(records.length + 1) })
    for (const [name, data] of k.members) put(`members/${name}`, JSON.stringify(data))
    if (k.leader !== undefined) put('leader', k.leader)
    put('config', JSON.stringify(k.config))
    put('history', JSON.stringify(k.history))
    put('initialize', k.initialize)
    put('failover', JSON.stringify(k.failover))
    put('sync', JSON.stringify(k.sync))
    return records
  })

/** A status answer with hostile versions and names in it. */
const statusOf = (text: string) => (): PatroniStatus => ({
  state: text,
  server_version: 150018,
  patroni: { version: text, name: text },
  replication: [{ application_name: text, state: 'streaming' }],
})

/** The README's exit codes, and check's verdicts (0-3). */
const DOCUMENTED = new Set([0, 1, 2, 3, 4, 5, 6])

/** Control characters other than the line breaks and tsv's tabs a renderer writes itself. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

const COMMANDS: Array<[string, unknown, string[]]> = [
  ['list', List, []],
  ['list -e', List, ['-e']],
  ['list -f tsv', List, ['-f', 'tsv']],
  ['list -f json', List, ['-f', 'json']],
  ['list -f yaml', List, ['-f', 'yaml']],
  ['list --layout 4.1 -e', List, ['--layout', '4.1', '-e']],
  ['topology', Topology, []],
  ['history', History, []],
  ['history -f tsv', History, ['-f', 'tsv']],
  ['show-config', ShowConfig, []],
  ['dsn', Dsn, []],
  ['dsn -r replica', Dsn, ['-r', 'replica']],
  ['version demo', Version, ['demo']],
  ['check', Check, []],
  ['haproxy', Haproxy, []],
  ['reload demo --force', Reload, ['demo', '--force']],
]

describe('hostile DCS contents: a documented exit code and no raw control character, for every command', () => {
  it.each(
    COMMANDS.flatMap(([name, cmd, args]) =>
      (['native', 'patronictl'] as Face[]).map((face) => ({ name, cmd, args, face })),
    ),
  )(
    '$name ($face)',
    async ({ cmd, args, face }) => {
      await fc.assert(
        fc.asyncProperty(clusterKeys, hostileText, async (records, answer) => {
          const r = await runCommand(cmd, args, { records, face, api: new RecordingApi(undefined, statusOf(answer)) })
          const shown = `exit ${r.code}\n${r.stdout}\n${r.stderr}`
          expect(DOCUMENTED.has(r.code), shown).toBe(true)
          expect(RAW_CONTROL.test(r.stdout), `raw control on stdout: ${JSON.stringify(r.stdout)}`).toBe(false)
          expect(RAW_CONTROL.test(r.stderr), `raw control on stderr: ${JSON.stringify(r.stderr)}`).toBe(false)
        }),
        { numRuns: 40 },
      )
    },
    60_000,
  )

  it('haproxy refuses a member name that would add a server line, naming the member; nothing is written', async () => {
    const records: KvRecord[] = [
      {
        key: '/service/demo/members/pg1\nserver pwn 6.6.6.6:5432',
        value: JSON.stringify({
          conn_url: 'postgres://127.0.0.1:5432/postgres',
          api_url: 'http://127.0.0.1:8008/patroni',
          state: 'running',
        }),
        version: '1',
      },
    ]
    const r = await runCommand(Haproxy, [], { records })
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      'Error: member "pg1\\nserver pwn 6.6.6.6:5432": its name is not a plain HAProxy server name; no configuration written\n',
    )
  })

  it('a member whose api_url is not a URL gets its own failure; the others are served', async () => {
    const member = (port: number, api: unknown) =>
      JSON.stringify({
        conn_url: `postgres://127.0.0.1:${port}/postgres`,
        api_url: api,
        state: 'running',
        version: '3.0.2',
      })
    const records: KvRecord[] = [
      { key: '/service/demo/members/pg1', value: member(5432, 'http://127.0.0.1:8008/patroni'), version: '1' },
      { key: '/service/demo/members/pg2', value: member(5433, { evil: true }), version: '2' },
      { key: '/service/demo/members/pg3', value: member(5434, 'not a url'), version: '3' },
      { key: '/service/demo/leader', value: 'pg1', version: '4' },
    ]
    const version = await runCommand(Version, ['demo'], { records })
    expect(version.stdout).toContain('pg1: Patroni 3.0.2 PostgreSQL 15.18')
    expect(version.stdout).toContain('pg2: failed to get version: its api_url is not an http(s) URL: {"evil":true}')
    expect(version.stdout).toContain('pg3: failed to get version: its api_url is not an http(s) URL: "not a url"')
    expect(version.code).toBe(4)
    const reload = await runCommand(Reload, ['demo', '--force'], { records })
    expect(reload.stdout).toMatch(/^Failed: reload for member pg2, its api_url is not an http\(s\) URL/m)
    expect(reload.code).not.toBe(70)
  })
})
