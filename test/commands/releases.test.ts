import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import List from '../../src/commands/list.js'
import Topology from '../../src/commands/topology.js'
import type { KvRecord } from '../../src/cluster/key-layout.js'
import { runCommand } from '../helpers/command-harness.js'

/**
 * What the real patronictl of three releases (3.0.2 from Debian, 4.0.10 and 4.1.4 from their release tags) printed
 * for the keys real Patroni 4.1.4 agents wrote (test/fixtures/patroni-4.1.4: recorded from a 4.1.4 cluster run beside
 * the project; `lagging` and `quorum` change a member or the config of that recording). ptctl as patronictl must
 * print the same bytes: on its own for 4.1.4 (the members' generation), with `ctl.layout` 3 and 4.0 for the others.
 */

const FIXTURES = new URL('../fixtures/patroni-4.1.4/', import.meta.url)
const outputs = JSON.parse(readFileSync(new URL('patronictl-outputs.json', FIXTURES), 'utf8')) as Record<string, string>

function records(scenario: string): KvRecord[] {
  const raw = JSON.parse(readFileSync(new URL(`scenario-${scenario}.json`, FIXTURES), 'utf8')) as Array<{
    key: string
    value: string
  }>
  return raw.map((r, i) => ({ ...r, version: String(100 + i) }))
}

const RELEASES = { '3.0.2': '3', '4.0.10': '4.0', '4.1.4': undefined } as const
const COMMANDS = [
  ['list'],
  ['list', '-e'],
  ['list', '-f', 'json'],
  ['list', '-f', 'tsv'],
  ['list', '-f', 'yaml'],
  ['topology'],
]

const cases = ['real', 'lagging', 'quorum'].flatMap((scenario) =>
  Object.entries(RELEASES).flatMap(([release, layout]) =>
    COMMANDS.map((args) => ({ scenario, release, layout, args, name: `${scenario} | ${release} | ${args.join(' ')}` })),
  ),
)

describe('ptctl as patronictl prints what each patronictl release printed for real 4.1.4 agents', () => {
  it.each(cases)('$name', async ({ scenario, release, layout, args }) => {
    const expected = outputs[`${scenario}|${release}|${args.join(' ')}`]
    expect(expected, 'a recorded output').toBeDefined()
    const command = args[0] === 'topology' ? Topology : List
    const r = await runCommand(command, args.slice(1), {
      records: records(scenario),
      face: 'patronictl',
      config: layout !== undefined ? { layout } : {},
    })
    expect(`${r.stdout}[exit ${r.code}]\n`).toBe(expected)
  })
})

describe('a cluster being upgraded (members on 3.0.2 and 4.1.4)', () => {
  const mixed = records('real').map((r) =>
    r.key.endsWith('/members/pg1') ? { ...r, value: r.value.replace('"version":"4.1.4"', '"version":"3.0.2"') } : r,
  )

  it('shows the 4.1 columns as soon as one member runs 4.1; ptctl says the members differ, patronictl does not', async () => {
    const ours = await runCommand(List, [], { records: mixed })
    expect(ours.stdout.split('\n')[1]).toContain('| Receive LSN | Lag | Replay LSN | Lag |')
    expect(ours.stderr).toBe(
      'Warning: the members of demo run different Patroni versions (3.0.2, 4.1.4): shown as Patroni 4.1.4 shows them\n',
    )
    const asPatronictl = await runCommand(List, [], { records: mixed, face: 'patronictl' })
    expect(asPatronictl.stdout).toBe(ours.stdout)
    expect(asPatronictl.stderr).toBe('')
  })

  it('--layout 3 shows what patronictl 3.0.2 showed for those keys', async () => {
    const r = await runCommand(List, ['--layout', '3'], { records: mixed, face: 'patronictl' })
    expect(`${r.stdout}[exit ${r.code}]\n`).toBe(outputs['real|3.0.2|list'])
  })
})
