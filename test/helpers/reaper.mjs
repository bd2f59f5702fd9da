// The watchdog of one test file (see leftovers.ts): started detached by the test worker, it waits for that worker to
// die. If the worker dies while things are still recorded in the registry folder (a crash, SIGKILL, Ctrl-C to the
// runner), it removes them in order: processes (a `sandbox up` still starting), sandboxes and network namespaces, tmux servers,
// folders.
// Plain JavaScript on the built ptctl, because it must run without the test runner.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const { isRunning, stopProcess } = await import('../../dist/sandbox/processes.js')
const { sandboxDown } = await import('../../dist/sandbox/sandbox.js')

const [registry, workerPid, workerTicks] = process.argv.slice(2)
const worker = { pid: Number(workerPid), ...(workerTicks ? { startTicks: workerTicks } : {}) }
const ORDER = { process: 0, sandbox: 1, netns: 1, tmux: 2, dir: 3 }

function recorded() {
  let names
  try {
    names = readdirSync(registry)
  } catch {
    return undefined
  }
  const items = []
  for (const name of names) {
    try {
      items.push(JSON.parse(readFileSync(join(registry, name), 'utf8')))
    } catch {
      // written half-way when the worker died: nothing was started under it yet
    }
  }
  return items
}

async function remove(item) {
  if (item.kind === 'process') await stopProcess({ pid: item.pid, startTicks: item.startTicks }, item.graceMs)
  else if (item.kind === 'sandbox') await sandboxDown(item.dir).catch(() => undefined)
  else if (item.kind === 'tmux') spawnSync('/usr/bin/tmux', ['-L', item.socket, 'kill-server'], { stdio: 'ignore' })
  else if (item.kind === 'dir') rmSync(item.path, { recursive: true, force: true })
  else if (item.kind === 'netns') spawnSync('/usr/sbin/ip', ['netns', 'delete', item.name], { stdio: 'ignore' })
}

for (;;) {
  if (recorded() === undefined) process.exit(0) // the file ended and cleaned up after itself
  if (!isRunning(worker)) break
  await new Promise((r) => setTimeout(r, 250))
}
const items = recorded() ?? []
for (const rank of [0, 1, 2, 3]) {
  await Promise.all(items.filter((item) => ORDER[item.kind] === rank).map(remove))
}
rmSync(registry, { recursive: true, force: true })
