import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { parsePatroniVersion, type PatroniVersion } from '../cluster/generation.js'

/** Where Python packages of the system live: Debian's and pip's, for every Python 3 installed. */
function packageDirs(): string[] {
  const dirs = ['/usr/lib/python3/dist-packages']
  for (const base of ['/usr/local/lib', '/usr/lib']) {
    let entries: string[] = []
    try {
      entries = readdirSync(base).filter((e) => /^python3(\.\d+)?$/.test(e))
    } catch {
      // no such folder
    }
    for (const e of entries) dirs.push(join(base, e, 'dist-packages'), join(base, e, 'site-packages'))
  }
  return dirs
}

/**
 * The Patroni installed on this machine, if any (its patroni/version.py): the patronictl that came with it is the one
 * a caller here would otherwise run. Undefined when none is found.
 */
export function localPatroniVersion(): PatroniVersion | undefined {
  for (const dir of packageDirs()) {
    try {
      const text = readFileSync(join(dir, 'patroni', 'version.py'), 'utf8')
      const found = /__version__\s*=\s*['"]([^'"]+)['"]/.exec(text)
      const version = parsePatroniVersion(found?.[1])
      if (version) return version
    } catch {
      // not in this one
    }
  }
  return undefined
}
