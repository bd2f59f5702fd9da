import { accessSync, constants } from 'node:fs'

/** Whether this process may read (or with `execute`, run) `path`; never throws. */
export function canAccess(path: string, mode: 'read' | 'execute' = 'read'): boolean {
  try {
    accessSync(path, mode === 'execute' ? constants.X_OK : constants.R_OK)
    return true
  } catch {
    return false
  }
}
