import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs'

import { UsageError } from './errors.js'

/** The largest file or stdin text ptctl reads (configs, certificates, SQL): far above any real one. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024

function statOf(path: string, what: string): Stats {
  try {
    return statSync(path)
  } catch (e) {
    throw new UsageError(`Cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
}

function tooBig(path: string, what: string): UsageError {
  return new UsageError(`Cannot read ${what} ${path}: larger than ${MAX_INPUT_BYTES} bytes`)
}

/**
 * A regular file's bytes, refused at once when it is anything else (`/dev/zero` would grow forever, a FIFO
 * would block) or larger than MAX_INPUT_BYTES.
 */
export function readRegularFile(path: string, what: string): Buffer {
  const stat = statOf(path, what)
  if (!stat.isFile()) throw new UsageError(`Cannot read ${what} ${path}: not a regular file`)
  if (stat.size > MAX_INPUT_BYTES) throw tooBig(path, what)
  try {
    return readFileSync(path)
  } catch (e) {
    throw new UsageError(`Cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
}

/** Reads a pipe (`<(command)`) to its end, refusing more than MAX_INPUT_BYTES. */
function readPipe(path: string, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stream = createReadStream(path)
    stream.on('data', (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      size += buffer.length
      if (size > MAX_INPUT_BYTES) {
        stream.destroy()
        reject(tooBig(path, what))
      } else chunks.push(buffer)
    })
    stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    stream.once('error', (e: NodeJS.ErrnoException) =>
      reject(new UsageError(`Cannot read ${what} ${path}: ${e.code ?? e.message}`)),
    )
  })
}

/** Where a `FILE|-` argument's text comes from: stdin for `-`, else the file or pipe it names. */
export interface StdinText {
  all(): Promise<string>
}

/** The text of a `FILE|-` argument (`--apply`, `--replace`, `query -f`), bounded in size; `-` reads stdin. */
export async function readTextArgument(
  path: string,
  stdin: StdinText,
  what: string,
): Promise<{ readonly text: string; readonly source: string }> {
  if (path === '-') return { text: await stdin.all(), source: 'stdin' }
  const stat = statOf(path, what)
  if (stat.isFIFO()) return { text: await readPipe(path, what), source: path }
  return { text: readRegularFile(path, what).toString('utf8'), source: path }
}
