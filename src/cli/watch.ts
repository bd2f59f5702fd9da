import { PtctlError, UsageError } from '../errors.js'
import { redactUrl } from '../redact.js'
import type { Context } from './context.js'

/** Seconds between refreshes from -W / -w, or undefined for a single run. */
export function watchInterval(flags: { W?: boolean; watch?: string | undefined }): number | undefined {
  if (flags.watch !== undefined) {
    const n = Number(flags.watch)
    if (flags.watch.trim() === '' || !Number.isFinite(n) || n <= 0)
      throw new UsageError(`Invalid value for '--watch' / '-w': '${flags.watch}' is not a valid positive number`)
    return n
  }
  return flags.W === true ? 2 : undefined
}

/**
 * Runs `tick` once, or every `interval` seconds until interrupted, clearing a terminal screen before each (`clear`).
 * While watching, a tick that fails (the DCS or a member is away for a moment, as during a failover) is reported on
 * stderr and the next tick tries again; a usage mistake still ends the command.
 */
export async function runWatched(
  ctx: Context,
  interval: number | undefined,
  tick: () => Promise<void>,
  o: { clear: boolean } = { clear: true },
): Promise<void> {
  if (interval === undefined) {
    await tick()
    return
  }
  for (;;) {
    const started = ctx.clock.now().getTime()
    if (o.clear && ctx.streams.stdoutIsTty) ctx.streams.outRaw('\x1b[2J\x1b[1;1H')
    try {
      await tick()
    } catch (e) {
      if (!(e instanceof PtctlError) || e instanceof UsageError) throw e
      ctx.streams.err(`Error: ${redactUrl(e.message)}`)
    }
    await ctx.clock.sleep(Math.max(0, interval * 1000 - (ctx.clock.now().getTime() - started)))
  }
}
