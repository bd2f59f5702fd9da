import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { BIN, run } from '../helpers/cli.js'

const PACKAGES = fileURLToPath(new URL('../helpers/report-modules.cjs', import.meta.url))
const BUILTINS = fileURLToPath(new URL('../helpers/report-builtins.cjs', import.meta.url))
const HEAVY = ['etcd3', '@grpc/grpc-js', 'undici', 'pg', 'node-zookeeper-client', 'yaml', 'protobufjs']
// what gRPC (etcd3) and undici load from Node: none of it runs unless a DCS or REST client is started
const HEAVY_BUILTINS = ['http2', 'tls', 'zlib', 'crypto']
const LIGHT = [[['--help']], [['version']], [['list', '--help']], [['switchover', '--help']]]
const ETCD3_LIST = ['-d', 'etcd3://127.0.0.1:1', '--timeout', '1', 'list', 'demo']

async function reported(preload: string, tag: string, args: string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const r = await run(process.execPath, ['-r', preload, BIN, ...args], { env })
  const line = r.stderr.split('\n').find((l) => l.startsWith(`${tag} `))
  expect(line, `no ${tag} line in ${r.stderr}`).toBeDefined()
  return JSON.parse(line?.slice(tag.length + 1) ?? '[]') as string[]
}

describe('start-up without the bundle loads no DCS, HTTP, SQL or YAML client unless the command needs one', () => {
  const packages = (args: string[]) => reported(PACKAGES, 'LOADED', args, { PTCTL_NO_BUNDLE: '1' })
  it.each(LIGHT)('ptctl %j', async (args) => {
    const loaded = await packages(args)
    for (const p of HEAVY) expect(loaded, p).not.toContain(p)
  })

  it('a command that reads the DCS does load its client (the probe works)', async () => {
    expect(await packages(ETCD3_LIST)).toContain('etcd3')
  })
})

describe('start-up through the bundle runs no gRPC or HTTP client code unless the command needs one', () => {
  const builtins = (args: string[]) => reported(BUILTINS, 'BUILTINS', args, { PTCTL_NO_BUNDLE: undefined })
  const modules = (args: string[]) => reported(PACKAGES, 'LOADED', args, { PTCTL_NO_BUNDLE: undefined })
  it.each(LIGHT)('ptctl %j', async (args) => {
    const loaded = await builtins(args)
    for (const b of HEAVY_BUILTINS) expect(loaded, b).not.toContain(b)
  })

  it('an etcd v3 read starts gRPC (the probe works), and from the bundle, not from node_modules', async () => {
    expect(await builtins(ETCD3_LIST)).toContain('http2')
    expect(await modules(ETCD3_LIST)).not.toContain('etcd3')
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
