import { createRequire } from 'node:module'
import type * as Zlib from 'node:zlib'

/** One file of an archive: its path inside it (relative, `/`-separated) and its bytes. */
export interface ArchiveFile {
  readonly path: string
  readonly content: string | Buffer
}

const BLOCK = 512

/** `value` as a NUL-terminated octal field of `width` bytes, as ustar writes numbers */
function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`
}

/** A ustar header; a path longer than 100 bytes is split into prefix and name at a slash, as ustar allows. */
function header(path: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0)
  let name = path
  let prefix = ''
  if (Buffer.byteLength(path) > 100) {
    const cut = path.lastIndexOf('/', 155)
    if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100) throw new Error(`archive path too long: ${path}`)
    prefix = path.slice(0, cut)
    name = path.slice(cut + 1)
  }
  h.write(name, 0, 100, 'utf8')
  h.write(octal(0o644, 8), 100, 8, 'ascii')
  h.write(octal(0, 8), 108, 8, 'ascii')
  h.write(octal(0, 8), 116, 8, 'ascii')
  h.write(octal(size, 12), 124, 12, 'ascii')
  h.write(octal(mtime, 12), 136, 12, 'ascii')
  h.write('        ', 148, 8, 'ascii') // the checksum is computed with its own field as spaces
  h.write('0', 156, 1, 'ascii')
  h.write('ustar\0', 257, 6, 'ascii')
  h.write('00', 263, 2, 'ascii')
  h.write('root', 265, 32, 'ascii')
  h.write('root', 297, 32, 'ascii')
  h.write(prefix, 345, 155, 'utf8')
  let sum = 0
  for (const byte of h) sum += byte
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii')
  return h
}

/** A gzipped ustar archive of regular files (mode 0644), as `tar -xzf` unpacks it. */
export function tarGz(files: readonly ArchiveFile[], mtime: Date): Buffer {
  // loaded here, not at start-up: only `report` compresses anything (a plain require the bundle can keep lazy)
  const { gzipSync } = createRequire(import.meta.url)('node:zlib') as typeof Zlib
  const seconds = Math.floor(mtime.getTime() / 1000)
  const parts: Buffer[] = []
  for (const f of files) {
    const body = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content
    parts.push(header(f.path, body.length, seconds), body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK, 0))
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0))
  return gzipSync(Buffer.concat(parts))
}

/** A name from the DCS (a member, a cluster) as one safe path component: no slash, no dot-dot, no control bytes. */
export function safeComponent(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')
  return (cleaned === '' ? '_' : cleaned).slice(0, 64)
}
