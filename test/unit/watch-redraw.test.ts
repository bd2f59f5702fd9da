import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Context } from '../../src/cli/context.js'
import { drawOnChanges } from '../../src/cli/watch.js'
import type { Cluster } from '../../src/cluster/types.js'
import type { Dcs, DcsWatchEvent } from '../../src/dcs/dcs.js'

/**
 * `list -W` on a DCS that went away: the last state drawn is not the present, so the periodic redraw (which moves the
 * timestamp on) stops until the watch is back and has told what it missed.
 */
describe('drawOnChanges while the DCS is lost', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function harness() {
    let emit: (e: DcsWatchEvent) => void = () => undefined
    const stop = new AbortController()
    const dcs = {
      watchClusters: (_t: unknown, onEvent: (e: DcsWatchEvent) => void) => {
        emit = onEvent
        return new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve()))
      },
    } as unknown as Dcs
    const errors: string[] = []
    const ctx = {
      dcs: () => Promise.resolve(dcs),
      streams: { stdoutIsTty: false, outRaw: () => undefined, err: (t: string) => errors.push(t) },
    } as unknown as Context
    const drawn: string[] = []
    const done = drawOnChanges(ctx, 2, { scopes: ['demo'] } as never, (clusters) =>
      drawn.push(clusters.map((c) => (c as unknown as { name: string }).name).join(',')),
    )
    const state = (name: string) => [{ name } as unknown as Cluster]
    return { emit: (e: DcsWatchEvent) => emit(e), stop, drawn, errors, done, state }
  }

  it('draws nothing while reconnecting, however long, and draws again once back', async () => {
    const h = harness()
    await vi.advanceTimersByTimeAsync(0)
    h.emit({ kind: 'clusters', clusters: h.state('old'), resync: false })
    await vi.advanceTimersByTimeAsync(50)
    expect(h.drawn).toEqual(['old'])
    await vi.advanceTimersByTimeAsync(2000)
    expect(h.drawn).toEqual(['old', 'old']) // the idle redraw: the timestamp moves on

    h.emit({ kind: 'reconnecting', reason: 'not confirmed current: no answer in 5s' })
    await vi.advanceTimersByTimeAsync(20_000)
    expect(h.drawn).toEqual(['old', 'old'])
    expect(h.errors).toEqual(['Warning: lost the DCS (not confirmed current: no answer in 5s); reconnecting'])

    h.emit({ kind: 'resumed', how: 'resumed on http://127.0.0.2:2379 from revision 42' })
    h.emit({ kind: 'clusters', clusters: h.state('new'), resync: false })
    await vi.advanceTimersByTimeAsync(50)
    expect(h.drawn).toEqual(['old', 'old', 'new'])
    expect(h.errors[1]).toBe('The DCS is back: resumed on http://127.0.0.2:2379 from revision 42')
    await vi.advanceTimersByTimeAsync(4000) // at least one whole interval after the draw
    expect(h.drawn.slice(0, 4)).toEqual(['old', 'old', 'new', 'new'])
    h.stop.abort()
    await h.done
  })

  it('a change told while the watch is lost is not drawn as current either', async () => {
    const h = harness()
    await vi.advanceTimersByTimeAsync(0)
    h.emit({ kind: 'clusters', clusters: h.state('a'), resync: false })
    await vi.advanceTimersByTimeAsync(50)
    h.emit({ kind: 'reconnecting', reason: 'x' })
    await vi.advanceTimersByTimeAsync(5000)
    expect(h.drawn).toEqual(['a'])
    h.stop.abort()
    await h.done
  })
})
