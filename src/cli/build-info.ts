import { createRequire } from 'node:module'

/** Which build of ptctl is running. */
export interface BuildInfo {
  /** the git commit it was built from (`-dirty` when the checkout had changes), null for an unbundled build */
  commit: string | null
  /** when it was built (ISO 8601, UTC), null for an unbundled build */
  date: string | null
  /** whether it is the single executable (Node.js inside it) rather than a script run by an installed Node.js */
  singleExecutable: boolean
  /** the Node.js it runs on */
  node: string
}

/** dist/build-stamp.json, written by scripts/bundle.mjs (and held inside the start-up bundle); absent from sources. */
function stamp(): { commit: string | null; date: string } | undefined {
  try {
    return createRequire(import.meta.url)('../build-stamp.json') as { commit: string | null; date: string }
  } catch {
    return undefined
  }
}

/** Whether this process is the single executable (Node's node:sea says so; a Node without it is not one). */
export function isSingleExecutable(): boolean {
  try {
    return (createRequire(import.meta.url)('node:sea') as { isSea(): boolean }).isSea()
  } catch {
    return false
  }
}

export function buildInfo(): BuildInfo {
  const stamped = stamp()
  return {
    commit: stamped?.commit ?? null,
    date: stamped?.date ?? null,
    singleExecutable: isSingleExecutable(),
    node: process.versions.node,
  }
}

/** One line for `ptctl version`: `ptctl build: commit 1a2b3c4d5e6f, built 2026-12-05T07:40:00Z, single executable`. */
export function buildLine(b: BuildInfo): string {
  const made = b.date === null ? 'an unbundled development build' : `commit ${b.commit ?? 'unknown'}, built ${b.date}`
  const runs = b.singleExecutable ? `single executable (Node.js ${b.node} inside)` : `script run by Node.js ${b.node}`
  return `ptctl build: ${made}, ${runs}`
}
