import { closeSync, openSync, writeSync } from 'node:fs'

import { Args, Flags } from '@oclif/core'

import { BaseCommand } from '../cli/base-command.js'
import { knownSecrets } from '../cli/error-report.js'
import { secondsFlag } from '../cli/seconds.js'
import { UsageError } from '../errors.js'
import { escapeControls } from '../output/escape.js'
import { tarGz } from '../report/tar-gz.js'
import { buildSupportBundle } from '../services/support-bundle.js'

export default class Report extends BaseCommand<typeof Report> {
  static override ownsTimeoutFlag = true
  static override summary = 'A support bundle (.tar.gz) to attach to a ticket, with every secret removed'
  static override description =
    "Collects, bounded by --timeout: every DCS key of the cluster (raw and decoded); each agent's GET /patroni, /cluster, /config, /history and /metrics with status and timing (an agent that does not answer is recorded as such); doctor's findings; the local ctl configuration; ptctl's version and the time and duration of every read. Secret-named fields (passwords, tokens, keys, authentication) are blanked wherever they appear, and every secret value found (configuration, PATRONI_* and PGPASSWORD, the DCS, the agents' answers) is removed from every file, as are credentials in URLs and conninfo passwords. The file is created mode 0600 and never overwrites one that exists."
  static override args = {
    clusterName: Args.string({ description: 'cluster name (default: scope from the config)' }),
  }
  static override flags = {
    output: Flags.string({
      char: 'o',
      description: 'Where to write the bundle (default ./ptctl-report-<cluster>-<time>.tar.gz; - for stdout)',
    }),
    timeout: Flags.string({ description: 'Seconds the whole collection may take (default 30)' }),
    concurrency: Flags.integer({ description: 'Agents asked at once (default 16)', default: 16, min: 1 }),
  }
  static override examples = [
    '<%= config.bin %> report demo',
    '<%= config.bin %> report demo -o /tmp/demo.tar.gz --timeout 10',
  ]

  async run(): Promise<void> {
    const f = this.flags
    const ctx = this.ctx()
    if (f.output !== undefined && f.output.trim() === '') throw new UsageError('--output / -o: a file name is needed')
    if (f.output === '-' && this.jsonMode)
      throw new UsageError('-o - writes the archive to stdout: --json cannot go there too')
    if (f.output === '-' && ctx.streams.stdoutIsTty)
      throw new UsageError('-o - would write a binary archive to the terminal: redirect stdout, or give -o FILE')
    const timeoutMs = secondsFlag(f.timeout, 30, '--timeout') * 1000
    this.boundRunTo(timeoutMs)
    const scope = this.clusterName(this.positionals[0])
    const bundle = await buildSupportBundle({
      dcs: await ctx.dcs(),
      api: () => ctx.api(),
      clock: ctx.clock,
      scope,
      ptctlVersion: this.config.version,
      config: ctx.config.raw,
      secrets: knownSecrets(ctx.config, process.env),
      timeoutMs,
      concurrency: f.concurrency,
    })
    const archive = tarGz(bundle.files, ctx.clock.now())
    const file = f.output ?? `${bundle.root}.tar.gz`
    if (file === '-') await writeStdout(archive)
    else writeNewFile(file, archive)
    const failed = bundle.reads.filter((r) => !r.ok).length
    if (bundle.dcsError !== undefined)
      ctx.streams.err(
        escapeControls(
          `Warning: the cluster could not be read from the DCS: ${bundle.dcsError} (recorded in the bundle)`,
        ),
      )
    if (bundle.unanswered.length > 0)
      ctx.streams.err(
        escapeControls(`Warning: ${bundle.unanswered.join(', ')} did not answer every read (recorded in the bundle)`),
      )
    if (this.jsonMode)
      this.printJson({
        file,
        bytes: archive.length,
        files: bundle.files.length,
        reads: bundle.reads.length,
        failed,
        unanswered: bundle.unanswered,
      })
    else {
      const summary = `${file === '-' ? 'stdout' : file} (${archive.length} bytes, ${bundle.files.length} files, ${bundle.reads.length} reads, ${failed} failed)`
      // with the archive on stdout, the summary is progress: stderr
      if (file === '-') ctx.streams.err(summary)
      else this.out(summary)
    }
  }
}

/** A new file only its owner reads (a bundle is still sensitive: hostnames, topology); an existing one is kept. */
function writeNewFile(file: string, archive: Buffer): void {
  let fd: number
  try {
    fd = openSync(file, 'wx', 0o600)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(
      code === 'EEXIST' ? `${file} exists: give another name with -o` : `Cannot write ${file}: ${(e as Error).message}`,
    )
  }
  try {
    writeSync(fd, archive)
  } finally {
    closeSync(fd)
  }
}

/** `-o -`: the archive on stdout, for a pipe (ssh, an upload), written in full before the command ends. */
function writeStdout(archive: Buffer): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(archive, (e) => (e ? reject(e) : resolve())))
}
