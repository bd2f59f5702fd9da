import { readFileSync, statSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'

import { UsageError } from '../errors.js'
import type { SandboxBinaries } from './binaries.js'
import { accountFrom, findUnreachable, type Account, type PathMode, type PathNeed } from './reach.js'

const POSTGRES_USER = 'postgres'

/** The account Patroni and PostgreSQL run as: postgres when we are root (PostgreSQL refuses root), else ourselves. */
export function nodeAccount(): Account {
  const uid = process.getuid?.() ?? 0
  if (uid !== 0) return { name: userInfo().username, uid, gids: process.getgroups?.() ?? [] }
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8')
    } catch {
      return ''
    }
  }
  const account = accountFrom(POSTGRES_USER, read('/etc/passwd'), read('/etc/group'))
  if (!account) {
    throw new UsageError(
      'Running as root but there is no postgres user: install with: apt-get install -y postgresql-15',
    )
  }
  return account
}

function statOf(path: string): PathMode | undefined {
  try {
    const s = statSync(path)
    return { mode: s.mode, uid: s.uid, gid: s.gid, isDirectory: s.isDirectory() }
  } catch {
    return undefined
  }
}

/**
 * Before anything starts: every path the nodes' account needs (the sandbox folder, the programs it runs) can be
 * reached and used by it; otherwise one line naming the path and the fix.
 */
export function assertNodesCanRun(account: Account, dir: string, bins: SandboxBinaries): void {
  const needs: PathNeed[] = [
    { path: dir, need: 'x', what: 'the sandbox directory' },
    { path: bins.patroni, need: 'rx', what: 'Patroni' },
    ...['postgres', 'initdb', 'pg_ctl', 'pg_basebackup'].map((p) => ({
      path: join(bins.pgBinDir, p),
      need: 'rx' as const,
      what: `PostgreSQL's ${p}`,
    })),
  ]
  const blocked = findUnreachable(account, needs, statOf)
  if (blocked) throw new UsageError(`Cannot start the sandbox: ${blocked.message}`)
}
