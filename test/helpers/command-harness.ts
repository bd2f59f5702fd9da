import { fileURLToPath } from 'node:url'

import { Config } from '@oclif/core'

import type { Clock, Context, Streams } from '../../src/cli/context.js'
import { InterruptReport } from '../../src/cli/interrupt.js'
import type { Prompter } from '../../src/cli/prompter.js'
import { StdinReader } from '../../src/cli/stdin.js'
import type { CtlConfig } from '../../src/config/types.js'
import type { Face } from '../../src/output/face.js'
import { KvDcs } from '../../src/dcs/kv-dcs.js'
import type { KvRecord } from '../../src/dcs/kv-store.js'
import { PassThrough } from 'node:stream'
import { MemoryKvStore, RecordingApi, ScriptedPrompter, fixedClock } from './fakes.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
let oclifConfig: Config | undefined

export interface CommandRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  readonly store: MemoryKvStore
  readonly api: RecordingApi
}

export interface CommandParts {
  readonly records?: readonly KvRecord[]
  /** the DCS itself, when the test's fake agents change it (records are ignored then) */
  readonly store?: MemoryKvStore
  readonly api?: RecordingApi
  readonly prompt?: Prompter
  readonly stdin?: string
  /** overrides of the configuration; `scope: undefined` removes the scope */
  readonly config?: { readonly [K in keyof CtlConfig]?: CtlConfig[K] | undefined }
  readonly clock?: Clock
  /** drop-in mode (patronictl) or ptctl's own (the default) */
  readonly face?: Face
}

/** A command class as the harness needs it: constructible, with the hooks the base command gives tests. */
type CommandClass = new (argv: string[], config: Config) => { _run(): Promise<unknown> }

/**
 * Runs one command in this process with its flags parsed as on the command line, through the base command's seams:
 * an in-memory DCS, a recording REST API, scripted prompts, captured stdout and stderr, and the exit code it sets.
 */
export async function runCommand(command: unknown, argv: string[], parts: CommandParts = {}): Promise<CommandRun> {
  oclifConfig ??= await Config.load(ROOT)
  const store = parts.store ?? new MemoryKvStore(parts.records ?? [])
  const api = parts.api ?? new RecordingApi()
  const out: string[] = []
  const err: string[] = []
  const streams: Streams = {
    out: (t) => out.push(`${t}\n`),
    outRaw: (t) => out.push(t),
    err: (t) => err.push(`${t}\n`),
    errRaw: (t) => err.push(t),
    stdoutIsTty: false,
    stderrIsTty: false,
  }
  const stdinStream = new PassThrough()
  stdinStream.end(parts.stdin ?? '')
  const config = Object.fromEntries(
    Object.entries({
      scope: 'demo',
      namespace: '/service/',
      restApi: { tls: { insecure: false } },
      timeoutMs: 5000,
      slowCallMs: 60_000,
      loopWait: 10,
      raw: {},
      ...parts.config,
    }).filter(([, v]) => v !== undefined),
  ) as unknown as CtlConfig
  const Base = command as CommandClass
  class Harnessed extends Base {
    protected createStreams(): Streams {
      return streams
    }
    protected createContext(): Context {
      return {
        config,
        face: parts.face ?? 'native',
        streams,
        clock: parts.clock ?? fixedClock(Date.UTC(2026, 10, 28, 12)),
        stdin: new StdinReader(() => stdinStream),
        interrupt: new InterruptReport(),
        prompt: parts.prompt ?? new ScriptedPrompter([]),
        dcs: async () => new KvDcs(store, config.namespace),
        api: async () => api,
      }
    }
  }
  const previous = process.exitCode
  process.exitCode = 0
  try {
    await new Harnessed(argv, oclifConfig)._run()
    return { code: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join(''), store, api }
  } finally {
    process.exitCode = previous
  }
}
