import { dirname } from 'node:path'

/** Who a process runs as: what the kernel checks a path's mode against. */
export interface Account {
  readonly name: string
  readonly uid: number
  /** the primary group and every supplementary one (setpriv --init-groups gives them all) */
  readonly gids: readonly number[]
}

/** What the permission check needs of a path's inode. */
export interface PathMode {
  readonly mode: number
  readonly uid: number
  readonly gid: number
  readonly isDirectory: boolean
}

/** How a process uses a path: walks through it (x), reads it (r), runs it (rx), creates files in it (wx). */
export type Need = 'x' | 'r' | 'rx' | 'wx'

export interface PathNeed {
  readonly path: string
  readonly need: Need
  /** what the path is, for the message: "the sandbox directory", "Patroni" */
  readonly what: string
}

export interface Unreachable {
  /** the path that stops the account: the wanted path or one of its parent directories */
  readonly blocker: string
  readonly message: string
}

const BITS: Record<'r' | 'w' | 'x', number> = { r: 4, w: 2, x: 1 }

/** The rwx bits that apply to `account` on this inode: owner's, else group's, else other's (root passes all). */
function allowed(account: Account, m: PathMode): number {
  if (account.uid === 0) return 7
  if (m.uid === account.uid) return (m.mode >> 6) & 7
  if (account.gids.includes(m.gid)) return (m.mode >> 3) & 7
  return m.mode & 7
}

const has = (bits: number, need: string) => [...need].every((c) => (bits & BITS[c as 'r' | 'w' | 'x']) !== 0)

const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0')

/**
 * The first path among `needs` that `account` cannot use as needed, with the reason and its fix; undefined when all
 * can be used. Every parent directory must be searchable (x) on the way down, as the kernel requires. `stat` gives a
 * path's mode (undefined: it does not exist yet; then its parent must let the account create it).
 */
export function findUnreachable(
  account: Account,
  needs: readonly PathNeed[],
  stat: (path: string) => PathMode | undefined,
): Unreachable | undefined {
  for (const { path, need, what } of needs) {
    const parents: string[] = []
    for (let d = dirname(path); ; d = dirname(d)) {
      parents.unshift(d)
      if (d === dirname(d)) break
    }
    for (const dir of parents) {
      const m = stat(dir)
      if (m === undefined) break
      if (!has(allowed(account, m), 'x')) {
        return {
          blocker: dir,
          message: `the ${account.name} user cannot reach ${what} ${path}: ${dir} is mode ${octal(m.mode)} (owner uid ${m.uid}); give a folder the ${account.name} user can enter (--dir under /tmp), or chmod o+x ${dir}`,
        }
      }
    }
    const m = stat(path)
    if (m === undefined) continue
    if (!has(allowed(account, m), need)) {
      return {
        blocker: path,
        message: `the ${account.name} user cannot use ${what} ${path} (needs ${need}, mode ${octal(m.mode)}, owner uid ${m.uid})`,
      }
    }
  }
  return undefined
}

/** An account as /etc/passwd and /etc/group describe it, or undefined when there is no such user. */
export function accountFrom(name: string, passwd: string, group: string): Account | undefined {
  const entry = passwd.split('\n').find((l) => l.startsWith(`${name}:`))
  const fields = entry?.split(':') ?? []
  const uid = Number(fields[2])
  const gid = Number(fields[3])
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) return undefined
  const supplementary = group
    .split('\n')
    .map((l) => l.split(':'))
    .filter((f) => (f[3] ?? '').split(',').includes(name))
    .map((f) => Number(f[2]))
    .filter((g) => Number.isInteger(g))
  return { name, uid, gids: [gid, ...supplementary] }
}
