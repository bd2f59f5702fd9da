import { existsSync, lstatSync, readlinkSync, renameSync, symlinkSync, unlinkSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

import { ActionError, UsageError } from '../errors.js'

export interface AliasResult {
  readonly link: string
  readonly target: string
  /** created, replaced (something else was there, --force), or unchanged (the same link was there) */
  readonly outcome: 'created' | 'replaced' | 'unchanged'
}

/** The target of `link` when it is a symbolic link, resolved against its folder; undefined otherwise. */
function linkTarget(link: string): string | undefined {
  try {
    if (!lstatSync(link).isSymbolicLink()) return undefined
    return resolve(dirname(link), readlinkSync(link))
  } catch {
    return undefined
  }
}

const exists = (path: string) => {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

/**
 * Makes `link` a symbolic link to `target`. Another file there (a real patronictl) is kept unless `force`; then it
 * is replaced in one step (a new link renamed over it), so `patronictl` is never missing in between.
 */
export function installAlias(link: string, target: string, force: boolean): AliasResult {
  if (!existsSync(dirname(link))) throw new UsageError(`${dirname(link)} does not exist: give --dir an existing folder`)
  if (linkTarget(link) === target) return { link, target, outcome: 'unchanged' }
  const present = exists(link)
  if (present && !force)
    throw new ActionError(
      `${link} exists and is not a link to ptctl (the real patronictl?): give --force to replace it, or --dir another folder`,
    )
  const fresh = `${link}.ptctl-${process.pid}`
  try {
    symlinkSync(target, fresh)
    renameSync(fresh, link)
  } catch (e) {
    if (exists(fresh)) unlinkSync(fresh)
    throw new ActionError(`Cannot create ${link}: ${(e as Error).message}`)
  }
  return { link, target, outcome: present ? 'replaced' : 'created' }
}

/** Removes `link` if it is a symbolic link to a ptctl (a name that is ptctl's: run.js or ptctl); true when removed. */
export function removeAlias(link: string): boolean {
  const target = linkTarget(link)
  if (target === undefined || !/(\/bin\/run\.js|\/ptctl)$/.test(target)) return false
  unlinkSync(link)
  return true
}
