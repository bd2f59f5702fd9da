import { canAccess } from '../fs-access.js'

import { UsageError } from '../errors.js'

import type { SandboxDcs } from './state.js'

export interface SandboxBinaries {
  readonly etcd: string
  readonly patroni: string
  readonly pgBinDir: string
  readonly setpriv: string
}

const REQUIRED = [
  { key: 'etcd', path: '/usr/bin/etcd', pkg: 'etcd-server' },
  { key: 'patroni', path: '/usr/bin/patroni', pkg: 'patroni' },
  {
    key: 'pgBinDir',
    path: '/usr/lib/postgresql/15/bin',
    check: '/usr/lib/postgresql/15/bin/postgres',
    pkg: 'postgresql-15',
  },
  { key: 'setpriv', path: '/usr/bin/setpriv', pkg: 'util-linux' },
] as const

const ZOOKEEPER = [
  { path: '/usr/bin/java', pkg: 'default-jre-headless' },
  { path: '/usr/share/java/zookeeper.jar', pkg: 'zookeeper' },
  { path: '/usr/lib/python3/dist-packages/kazoo', pkg: 'python3-kazoo' },
] as const
const ETCD_CLIENT = [{ path: '/usr/lib/python3/dist-packages/etcd', pkg: 'python3-etcd' }] as const

/**
 * The Debian-packaged programs the sandbox runs; a clear install line when any is missing. `patroni` replaces
 * Debian's Patroni (another release, run from its own checkout).
 */
export function findBinaries(dcs: SandboxDcs, patroni?: string): SandboxBinaries {
  const extra = dcs === 'zookeeper' ? ZOOKEEPER : ETCD_CLIENT
  if (patroni !== undefined && !canAccess(patroni, 'execute'))
    throw new UsageError(`--patroni ${patroni} is not an executable file`)
  const needed = REQUIRED.filter((b) => patroni === undefined || b.key !== 'patroni')
  const missing = [
    ...needed.filter((b) => !canAccess('check' in b ? b.check : b.path, 'execute')),
    ...extra.filter((b) => !canAccess(b.path)),
  ]
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map((b) => b.pkg))].join(' ')
    throw new UsageError(
      `Missing ${missing.map((b) => b.path).join(', ')}: install with: apt-get update && apt-get install -y ${pkgs}`,
    )
  }
  return {
    etcd: '/usr/bin/etcd',
    patroni: patroni ?? '/usr/bin/patroni',
    pgBinDir: '/usr/lib/postgresql/15/bin',
    setpriv: '/usr/bin/setpriv',
  }
}
