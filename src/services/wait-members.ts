import { ActionError } from '../errors.js'
import type { ActionDeps } from './reporter.js'

export interface MembersWaitResult {
  readonly seconds: number
}

/** Polls the DCS until every named member is `running` again (a restart passes through stopping/starting). */
export async function waitForMembersRunning(
  deps: ActionDeps,
  o: { scope: string; members: readonly string[]; timeoutMs: number },
): Promise<MembersWaitResult> {
  const started = deps.clock.now().getTime()
  let lastLine = 0
  let last = ''
  for (;;) {
    const cluster = await deps.dcs.getCluster(o.scope)
    const states = o.members.map((name) => {
      const m = cluster.members.find((x) => x.name === name)
      return { name, state: m?.state ?? 'absent' }
    })
    last = states.map((s) => `${s.name} ${s.state}`).join(', ')
    if (states.every((s) => s.state === 'running')) {
      const seconds = (deps.clock.now().getTime() - started) / 1000
      deps.progress(`running: ${o.members.join(', ')} after ${seconds.toFixed(1)}s`)
      return { seconds }
    }
    if (deps.clock.now().getTime() - started > o.timeoutMs) {
      throw new ActionError(
        `Timed out after ${o.timeoutMs / 1000}s waiting for ${o.members.join(', ')} to run (${last})`,
      )
    }
    if (deps.clock.now().getTime() - lastLine >= 2000) {
      deps.progress(`waiting: ${last}`)
      lastLine = deps.clock.now().getTime()
    }
    await deps.clock.sleep(500)
  }
}
