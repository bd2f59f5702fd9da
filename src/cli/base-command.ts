import { homedir } from 'node:os'
import { basename } from 'node:path'
import { isatty } from 'node:tty'

import { Command, Errors, type Interfaces } from '@oclif/core'

import { NOT_CITUS, singleCluster, type CitusChoice, type ClusterGroups } from '../cluster/citus.js'
import { loadCtlConfig } from '../config/load.js'
import type { CtlConfig } from '../config/types.js'
import type { Dcs } from '../dcs/dcs.js'
import type { DcsCounters } from '../dcs/observed-store.js'
import { UsageError } from '../errors.js'
import type { PatroniApi } from '../patroni-api/api.js'
import type { ActionDeps } from '../services/reporter.js'
import { systemClock, type Context, type Streams } from './context.js'
import { processStreams } from './process-streams.js'
import { inquirerPrompter } from './inquirer-prompter.js'
import { clickHidden, linePrompter } from './prompter.js'
import { StdinReader } from './stdin.js'
import { colourFor } from './colour.js'
import { knownSecrets, reportError } from './error-report.js'
import { ExitCode } from '../exit-codes.js'
import { globalFlags } from './flags.js'
import { InterruptReport } from './interrupt.js'
import { parseCommandLine } from './parse-command-line.js'
import { chooseFace } from './face-choice.js'
import { dialectChooser, type DialectOf } from './list-shape.js'
import { generationOf, type Generation, type Layout, type PatroniVersion } from '../cluster/generation.js'
import { localPatroniVersion } from './local-patroni.js'
import { pythonLogLine } from '../cluster/schedule.js'
import type { Cluster } from '../cluster/types.js'
import { topologyText } from '../output/cluster-table.js'
import { escapeControlsKeepLines } from '../output/escape.js'
import type { Face } from '../output/face.js'
import { PATRONICTL_CONDUCT, PTCTL_CONDUCT, type Conduct } from '../services/conduct.js'
import { secondsFlag } from './seconds.js'

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** Owns the global flags, the context, JSON mode, and the mapping of every error to one line and an exit code. */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = globalFlags
  /** restart's --timeout is patronictl's own flag; there the global deadline is --request-timeout only */
  static ownsTimeoutFlag = false

  protected flags!: CommandFlags<T>
  protected args!: CommandArgs<T>
  /** every positional argument, for commands with variadic names (strict = false) */
  protected positionals: string[] = []
  private context?: Context
  private openedDcs?: Dcs
  private openedApi?: PatroniApi
  private dialects?: DialectOf
  private installed?: { readonly version: PatroniVersion | undefined }
  /** a result document is out: a later failure adds no second document */
  private printedJson = false
  /** stdout and stderr: every line a command prints goes through here */
  protected streams!: Streams
  /** --json is JSON Lines (one object a line, `events`): a document printed at the end is one line too */
  protected jsonLines = false

  /** Where this run writes; tests override it to capture the output. */
  protected createStreams(): Streams {
    return processStreams()
  }

  override async init(): Promise<void> {
    this.streams = this.createStreams()
    await super.init()
    const ctor = this.ctor as typeof BaseCommand
    const { args, flags, argv } = await parseCommandLine(ctor, this.argv, this)
    // parsed here, not by this.parse: oclif would otherwise warn about it under NODE_ENV=development or test
    this.parsed = true
    this.flags = flags as CommandFlags<T>
    this.args = args as CommandArgs<T>
    this.positionals = argv.map(String)
  }

  protected get jsonMode(): boolean {
    return this.flags.json === true
  }

  /** The configuration for this run; commands that need no config never call it. */
  protected loadConfig(): CtlConfig {
    const f = this.flags
    const ownsTimeout = (this.ctor as typeof BaseCommand).ownsTimeoutFlag
    const timeout = f['request-timeout'] ?? (ownsTimeout ? undefined : f.timeout)
    return loadCtlConfig({
      ...(f['config-file'] !== undefined ? { configFile: f['config-file'] } : {}),
      ...(f['dcs-url'] !== undefined ? { dcsUrl: f['dcs-url'] } : {}),
      insecure: f.insecure === true,
      ...(timeout !== undefined ? { timeoutSeconds: secondsFlag(timeout, 0, '--timeout') } : {}),
      env: process.env,
      home: homedir(),
    })
  }

  /** The single place where the parts a command uses are built; tests override it. */
  protected createContext(): Context {
    const config = this.loadConfig()
    const streams = this.streams
    // isatty(0), not process.stdin: nothing may touch stdin unless a command asks for it
    const terminal = isatty(0) && isatty(2)
    const stdin = new StdinReader(() => process.stdin)
    const face = chooseFace({ invokedAs: process.argv[1], env: process.env, configured: config.compat })
    const interrupt = new InterruptReport()
    interrupt.install(
      (line, exitCode) => {
        streams.err(`Error: ${line}`)
        if (this.flags?.json === true && !this.printedJson)
          this.printJson({ error: { kind: 'interrupted', exitCode, message: line } })
      },
      (code) => process.exit(code),
    )
    return {
      config,
      face,
      streams,
      clock: systemClock,
      stdin,
      interrupt,
      // piped answers: patronictl (click) writes its prompts on stdout and leaves the next output on the same line
      prompt: terminal
        ? inquirerPrompter
        : face === 'patronictl'
          ? linePrompter(stdin, (text) => streams.outRaw(text), {
              lineAfterAnswer: false,
              hidden: clickHidden(
                (t) => streams.outRaw(t),
                (t) => streams.errRaw(t),
                (text) => streams.err(pythonLogLine('WARNING', text, systemClock.now())),
              ),
            })
          : linePrompter(stdin, (text) => streams.errRaw(text)),
      dcs: async () => {
        if (!this.openedDcs) {
          const { openDcs } = await import('../dcs/factory.js')
          this.openedDcs = await openDcs(
            { ...config, timeoutMs: this.callBudgetMs(config.timeoutMs) },
            {
              onWrite: (what) => interrupt.sending(what),
              onNote: (line) => streams.err(line),
              ...(process.env['PTCTL_DCS_STATS'] ? this.dcsStats(interrupt) : {}),
            },
          )
        }
        return this.openedDcs
      },
      api: async () => {
        if (!this.openedApi) {
          const { UndiciPatroniApi } = await import('../patroni-api/undici-api.js')
          this.openedApi = new UndiciPatroniApi(
            config.restApi,
            {
              callMs: this.callBudgetMs(config.timeoutMs),
              slowCallMs: this.callBudgetMs(config.slowCallMs),
            },
            (what) => interrupt.sending(what),
          )
        }
        return this.openedApi
      },
    }
  }

  /** PTCTL_DCS_STATS: the round trips on stderr when the DCS is closed, or on Ctrl-C (a watch ends that way). */
  private dcsStats(interrupt: InterruptReport): { counters: DcsCounters; onClose: () => void } {
    const counters: DcsCounters = { roundTrips: 0, notifications: 0 }
    const print = () =>
      this.streams.err(
        `dcs round trips: ${counters.roundTrips}${counters.notifications > 0 ? ` (+${counters.notifications} watch notifications)` : ''}`,
      )
    interrupt.onInterrupt(print)
    return { counters, onClose: print }
  }

  protected ctx(): Context {
    this.context ??= this.createContext()
    return this.context
  }

  /** The cluster named on the command line, else `scope` from the configuration. */
  protected clusterName(given: string | undefined): string {
    const name = given ?? this.ctx().config.scope
    if (name === undefined || name === '') {
      throw new UsageError('No cluster name given and no scope in the configuration')
    }
    return name
  }

  /**
   * Citus mode, as patronictl decides it: a `citus:` section in the configuration, or --group. Commands about one
   * cluster's settings (`oneGroup`) default to citus.group, else the coordinator (group 0).
   */
  protected citusChoice(group: number | undefined, o: { oneGroup?: boolean } = {}): CitusChoice {
    const citus = this.ctx().config.citus
    if (citus === undefined && group === undefined) return NOT_CITUS
    const chosen = group ?? (o.oneGroup === true ? (citus?.group ?? 0) : undefined)
    return chosen !== undefined ? { citus: true, group: chosen } : { citus: true }
  }

  /** The layout asked for: the command's --layout, else ctl.layout; undefined: the members' generation decides. */
  protected layout(): Layout | undefined {
    const given = (this.flags as { layout?: string }).layout
    return (given as Layout | undefined) ?? this.ctx().config.layout
  }

  /** The Patroni generation this run answers as for a cluster: its members', or the layout asked for. */
  protected generationOf(subject: Cluster | ClusterGroups): Generation {
    const view = 'groups' in subject ? subject : singleCluster(subject)
    const empty = view.groups.every((g) => g.members.length === 0)
    return generationOf(view, this.layout(), empty ? this.installedPatroni() : undefined)
  }

  /** The Patroni installed on this machine, looked up once, only when a cluster's members do not say. */
  protected installedPatroni(): PatroniVersion | undefined {
    if (this.installed === undefined) this.installed = { version: localPatroniVersion() }
    return this.installed.version
  }

  /** The list/topology shape of each cluster this run shows (see dialectChooser). */
  protected get dialectOf(): DialectOf {
    const ctx = this.ctx()
    this.dialects ??= dialectChooser({
      face: ctx.face,
      layout: this.layout(),
      installed: () => this.installedPatroni(),
      warn: (l) => ctx.streams.err(l),
    })
    return this.dialects
  }

  /** Where this run goes as ptctl or as patronictl: given to services as data (see Conduct). */
  protected get conduct(): Conduct {
    return this.ctx().face === 'patronictl' ? PATRONICTL_CONDUCT : PTCTL_CONDUCT
  }

  /** The parts an action service uses; its human output is silenced in JSON mode. */
  protected async actionDeps(): Promise<ActionDeps> {
    const ctx = this.ctx()
    const dialectOf = this.dialectOf
    return {
      conduct: this.conduct,
      topology: (subject) => topologyText(subject, dialectOf(subject)),
      dcs: await ctx.dcs(),
      api: () => ctx.api(),
      prompt: ctx.prompt,
      clock: ctx.clock,
      // lines of a service name members, states and answers from the DCS and agents: their control characters escaped
      report: this.jsonMode ? () => undefined : (text) => ctx.streams.out(escapeControlsKeepLines(text)),
      progress: (text) => ctx.streams.err(escapeControlsKeepLines(text)),
      note: this.conduct.notes ? (text) => ctx.streams.err(escapeControlsKeepLines(text)) : () => undefined,
      warn: (text) =>
        ctx.streams.err(
          escapeControlsKeepLines(ctx.face === 'patronictl' ? pythonLogLine('WARNING', text, ctx.clock.now()) : text),
        ),
      generation: (subject) => this.generationOf(subject),
    }
  }

  protected out(text: string): void {
    this.streams.out(text)
  }

  /** when the whole run must be over (a command's --timeout), if it has such a deadline */
  private runEndsAt: number | undefined

  /**
   * The run must end within `ms` (check's --timeout): no DCS or REST call may then wait longer than that, whatever
   * the per-call timeout. Call it before the DCS or the REST API is first used.
   */
  protected boundRunTo(ms: number): void {
    this.runEndsAt = Date.now() + ms
  }

  private callBudgetMs(perCallMs: number): number {
    if (this.runEndsAt === undefined) return perCallMs
    return Math.max(100, Math.min(perCallMs, this.runEndsAt - Date.now()))
  }

  protected printJson(value: unknown): void {
    this.printedJson = true
    this.out(this.jsonLines ? JSON.stringify(value) : JSON.stringify(value, null, 2))
  }

  override async catch(error: Error & { exitCode?: number }): Promise<void> {
    if (error instanceof Errors.ExitError) throw error
    const face = this.context?.face ?? this.faceBeforeContext()
    const prog = basename(process.argv[1] ?? 'patronictl')
    const reported = reportError(error, knownSecrets(this.context?.config, process.env), face, prog)
    const report = { ...reported, exitCode: this.exitCodeOf(reported.exitCode) }
    if (report.exitCode === ExitCode.internal && process.env['PTCTL_DEBUG']) this.streams.err(error.stack ?? '')
    const colour = this.streams.stderrIsTty && face === 'native' ? await colourFor(process.stderr) : undefined
    if (report.stdout !== undefined) this.streams.out(report.stdout)
    if (report.text !== '')
      this.streams.err(colour ? report.text.replace(/^Error:/m, colour.red('Error:')) : report.text)
    // --json promises one document on stdout whatever happens: on failure, the error
    const json = this.flags === undefined ? this.argv.includes('--json') : this.jsonMode
    if (json && !this.printedJson)
      this.printJson({ error: { kind: report.kind, exitCode: report.exitCode, message: report.message } })
    process.exitCode = report.exitCode
  }

  /** The exit code an error ends the run with; `check` speaks the monitoring convention instead. */
  protected exitCodeOf(code: number): number {
    return code
  }

  /**
   * Who answers an error raised before the context exists (a command line click would refuse, a bad config): the
   * invoked name and PTCTL_COMPAT say, else `ctl.compat` when the configuration can be read at all.
   */
  private faceBeforeContext(): Face {
    try {
      return chooseFace({ invokedAs: process.argv[1], env: process.env, configured: this.loadConfig().compat })
    } catch {
      try {
        return chooseFace({ invokedAs: process.argv[1], env: process.env })
      } catch {
        return 'native'
      }
    }
  }

  override async finally(error: Error | undefined): Promise<void> {
    await Promise.allSettled([this.openedDcs?.close(), this.openedApi?.close()])
    // a failed write is told by an 'error' event on a later tick
    await new Promise((resolve) => setImmediate(resolve))
    this.reportLostOutput()
    await super.finally(error)
  }

  /**
   * Output that never reached its reader. A reader that went away (`| head -1`) is the caller's choice: nothing to
   * say, the exit code stays. Output lost otherwise (stdout closed, a full disk) is a failure even when the command
   * did its work, and the line says what it sent anyway.
   */
  private reportLostOutput(): void {
    const lost = this.streams?.lost?.()
    if (lost === undefined || lost.readerGone) return
    const sent = this.context?.interrupt.sentSoFar() ?? []
    const done = sent.length === 0 ? '' : `; sent anyway: ${sent.join(', ')}`
    this.streams.err(`Error: could not write the output (${lost.reason})${done}`)
    if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = ExitCode.actionFailed
  }
}
