import type { Cluster } from '../cluster/types.js'
import type { WatchTarget } from '../dcs/dcs.js'
import { PtctlError, UsageError } from '../errors.js'
import { redactUrl } from '../redact.js'
import type { Context } from './context.js'

/** A burst of changes (a failover touches several keys at once) is drawn once, this long after its first change. */
const COALESCE_MS = 20

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
 * Runs `tick` once, or every `interval` seconds until interrupted or stdout is gone, clearing a terminal screen before each (`clear`).
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
  while (ctx.streams.outputGone?.aborted !== true) {
    const started = ctx.clock.now().getTime()
    if (o.clear && ctx.streams.stdoutIsTty) ctx.streams.outRaw('\x1b[2J\x1b[1;1H')
    try {
      await tick()
    } catch (e) {
      if (!(e instanceof PtctlError) || e instanceof UsageError) throw e
      ctx.streams.err(`Error: ${redactUrl(e.message)}`)
    }
    await ctx.clock.sleep(Math.max(0, interval * 1000 - (ctx.clock.now().getTime() - started)), ctx.streams.outputGone)
  }
}

/**
 * -W / -w of `list` and `topology`: one read, then the DCS's change notifications. The table is drawn again as soon
 * as something changes (a burst is drawn once) and at least every `interval` seconds (the timestamp moves on), so a
 * failover shows when it happens and an idle cluster costs no reads. A lost DCS is said on stderr and tried again
 * until Ctrl-C. `draw` gets the clusters as they are now.
 */
export async function drawOnChanges(
  ctx: Context,
  interval: number,
  target: WatchTarget,
  draw: (clusters: readonly Cluster[]) => void,
): Promise<void> {
  const dcs = await ctx.dcs()
  let latest: readonly Cluster[] | undefined
  let pending: NodeJS.Timeout | undefined
  let lastDraw = 0
  // while the DCS is lost the last state is not the present: nothing is drawn (the timestamp would make it look
  // current) until the watch is back and has told what it missed
  let lost = false
  const redraw = () => {
    pending = undefined
    if (latest === undefined || lost) return
    lastDraw = Date.now()
    if (ctx.streams.stdoutIsTty) ctx.streams.outRaw('\x1b[2J\x1b[1;1H')
    draw(latest)
  }
  const periodic = setInterval(() => {
    if (Date.now() - lastDraw >= interval * 1000 - COALESCE_MS) redraw()
  }, interval * 1000)
  try {
    await dcs.watchClusters(
      target,
      (update) => {
        if (update.kind === 'reconnecting') {
          lost = true
          ctx.streams.err(`Warning: lost the DCS (${redactUrl(update.reason)}); reconnecting`)
        } else if (update.kind === 'resumed') {
          lost = false
          ctx.streams.err(`The DCS is back: ${redactUrl(update.how)}`)
        } else {
          lost = false
          latest = update.clusters
          pending ??= setTimeout(redraw, COALESCE_MS)
        }
      },
      // nobody reads any more (`| head -3`): the watch ends, and the base command tells why if it matters
      { signal: ctx.streams.outputGone ?? new AbortController().signal, giveUpAfterMs: Number.POSITIVE_INFINITY },
    )
  } finally {
    clearInterval(periodic)
    clearTimeout(pending)
  }
}
