import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { BIN, run } from '../helpers/cli.js'

const PRELOAD = fileURLToPath(new URL('../helpers/report-modules.cjs', import.meta.url))
const HEAVY = ['etcd3', '@grpc/grpc-js', 'undici', 'pg', 'node-zookeeper-client', 'yaml', 'protobufjs']

async function loaded(args: string[]): Promise<string[]> {
  const r = await run(process.execPath, ['-r', PRELOAD, BIN, ...args])
  const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '))
  return JSON.parse(line?.slice('LOADED '.length) ?? '[]') as string[]
}

describe('start-up loads no DCS, HTTP, SQL or YAML client unless the command needs one', () => {
  it.each([[['--help']], [['version']], [['list', '--help']], [['switchover', '--help']]])('ptctl %j', async (args) => {
    const packages = await loaded(args)
    for (const p of HEAVY) expect(packages, p).not.toContain(p)
  })

  it('a command that reads the DCS does load its client (the probe works)', async () => {
    const packages = await loaded(['-d', 'etcd3://127.0.0.1:1', '--timeout', '1', 'list', 'demo'])
    expect(packages).toContain('etcd3')
  })
})

describe('colour: only on a terminal, never with NO_COLOR', () => {
  // `script` gives the command a pseudo-terminal, as a DBA's shell would
  const onTerminal = (env: NodeJS.ProcessEnv) =>
    run('/usr/bin/script', ['-qc', `${process.execPath} ${BIN} list -f foo`, '/dev/null'], { env })
  it('a terminal gets a red "Error:"', async () => {
    expect((await onTerminal({ NO_COLOR: undefined, TERM: 'xterm' })).stdout).toContain('\u001b[31mError:')
  })
  it('NO_COLOR and pipes get plain text', async () => {
    expect((await onTerminal({ NO_COLOR: '1', TERM: 'xterm' })).stdout).not.toContain('\u001b[')
    const piped = await run(process.execPath, [BIN, 'list', '-f', 'foo'])
    expect(piped.stderr).toMatch(/^Error: /)
  })
})
