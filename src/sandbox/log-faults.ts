/**
 * Reading a starting node's log for the faults it will not recover from, so that `sandbox up` ends at once instead of
 * waiting out its timeout. A fault is a line Patroni, PostgreSQL, initdb or the DCS server writes only when something
 * is wrong for good: a permission or path problem, a port already taken, a crash. PostgreSQL's FATAL lines that a
 * healthy start also shows (a connection while the server is still starting) are not faults.
 */

const FAULTS: readonly RegExp[] = [
  /PermissionError|Permission denied/,
  /could not change directory to/,
  /[Aa]ddress already in use|could not bind|could not create any TCP\/IP sockets/,
  /\bPANIC:/,
  /initdb: error|[Ii]nitdb failed|failed to bootstrap/,
  /could not create lock file|lock file ".*" already exists/,
  /data directory ".*" has invalid permissions/,
  /FileNotFoundError|ModuleNotFoundError|ImportError|SyntaxError/,
  /\bPatroniFatalException\b/,
  // ZooKeeper's words when it cannot start (etcd exits, which is seen as such)
  /java\.net\.BindException|Unable to access datadir|Invalid config, exiting/,
]

/**
 * FATAL lines a healthy start also shows: clients (Patroni itself) knocking while the server starts or stops, and a
 * replica's WAL receiver, which PostgreSQL starts again by itself (the leader not up yet, its slot for this replica
 * not made yet: Patroni makes it on its next loop).
 */
const TRANSIENT_FATAL = new RegExp(
  [
    'the database system is (starting up|shutting down|not yet accepting connections|in recovery mode)',
    'the database system is not accepting connections',
    'terminating (connection|walreceiver)',
    'could not receive data from WAL stream',
    'could not start WAL streaming',
    'could not connect to the primary server',
    'could not send end-of-streaming message to primary',
    'replication slot ".*" does not exist',
    'of the primary is behind recovery timeline',
    'is ahead of the WAL flush position',
  ].join('|'),
)

function isFault(line: string): boolean {
  if (FAULTS.some((re) => re.test(line))) return true
  return /\bFATAL:/.test(line) && !TRANSIENT_FATAL.test(line)
}

/** Lines that say nothing about a fault: Patroni's heartbeat while it waits. */
const NOISE = /Lock owner: |waiting for leader to bootstrap|no action\. I am |bootstrap in progress|not healthy enough/

export interface LogFault {
  /** the line that names the fault, trimmed */
  readonly line: string
  /** the lines leading to it (a traceback, initdb's output), for the user to read */
  readonly context: readonly string[]
}

const CONTEXT_LINES = 12

/**
 * The last fault among `lines`, with up to twelve relevant lines before it; undefined when there is none. The line
 * that names it is the first fault among those: a burst of faults starts with its cause ("could not bind ... Address
 * already in use" before "could not create any TCP/IP sockets").
 */
export function findFault(lines: readonly string[]): LogFault | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!isFault(lines[i] ?? '')) continue
    const context = lines
      .slice(0, i + 1)
      .filter((l) => l.trim() !== '' && !NOISE.test(l))
      .slice(-CONTEXT_LINES)
    const first = context.find(isFault) ?? lines[i] ?? ''
    return { line: first.trim(), context }
  }
  return undefined
}

/** The last lines worth reading when a process ended without a known fault: its heartbeat left out, unless that is all. */
export function lastWords(lines: readonly string[], count = 10): string[] {
  const written = lines.filter((l) => l.trim() !== '')
  const telling = written.filter((l) => !NOISE.test(l))
  return (telling.length > 0 ? telling : written).slice(-count)
}

/** Reads a log as it grows, keeping every complete line seen so far. */
export class LogReader {
  private offset = 0
  private partial = ''
  readonly lines: string[] = []

  constructor(
    readonly file: string,
    private readonly read: (file: string, from: number) => Buffer | undefined,
  ) {}

  /** Reads what was appended since the last call; the new complete lines. */
  poll(): string[] {
    const chunk = this.read(this.file, this.offset)
    if (chunk === undefined || chunk.length === 0) return []
    this.offset += chunk.length
    const text = this.partial + chunk.toString('utf8')
    const parts = text.split('\n')
    this.partial = parts.pop() ?? ''
    this.lines.push(...parts)
    return parts
  }
}
