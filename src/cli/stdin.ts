import { UsageError } from '../errors.js'
import { MAX_INPUT_BYTES } from '../input-files.js'

/**
 * Standard input, read only when a command asks for it (a prompt's answer, `--apply -`, `query -f -`), as a stream:
 * a slow writer is waited for (no EAGAIN), and nothing is read from it otherwise, so `while read` loops keep
 * their input.
 */
export class StdinReader {
  private buffer = ''
  private ended = false
  private failure: Error | undefined
  private bytes = 0
  private stream?: NodeJS.ReadableStream
  private wake: (() => void) | undefined

  constructor(private readonly open: () => NodeJS.ReadableStream) {}

  /** Attaches to the stream on first use; it is paused whenever ptctl is not waiting for input. */
  private attach(): NodeJS.ReadableStream {
    if (this.stream) return this.stream
    const stream = this.open()
    this.stream = stream
    stream.setEncoding?.('utf8')
    stream.on('data', (chunk: string | Buffer) => {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8')
      this.bytes += Buffer.byteLength(text)
      this.buffer += text
      if (this.bytes > MAX_INPUT_BYTES) this.failure = new UsageError(`stdin holds more than ${MAX_INPUT_BYTES} bytes`)
      stream.pause()
      this.wake?.()
    })
    stream.once('end', () => {
      this.ended = true
      this.wake?.()
    })
    stream.once('error', (e: Error) => {
      this.failure = new UsageError(`Cannot read stdin: ${e.message}`)
      this.wake?.()
    })
    return stream
  }

  /** Waits for one more chunk, the end, or an error. */
  private async more(): Promise<void> {
    const stream = this.attach()
    await new Promise<void>((resolve) => {
      this.wake = resolve
      stream.resume()
    })
    this.wake = undefined
    if (this.failure) throw this.failure
  }

  /** The next line without its line break, or undefined at the end of input. */
  async line(): Promise<string | undefined> {
    for (;;) {
      const nl = this.buffer.indexOf('\n')
      if (nl >= 0) {
        const line = this.buffer.slice(0, nl)
        this.buffer = this.buffer.slice(nl + 1)
        return line.endsWith('\r') ? line.slice(0, -1) : line
      }
      if (this.ended) {
        if (this.buffer === '') return undefined
        const last = this.buffer
        this.buffer = ''
        return last
      }
      await this.more()
    }
  }

  /** Everything that is left, to the end of input. */
  async all(): Promise<string> {
    while (!this.ended) await this.more()
    const text = this.buffer
    this.buffer = ''
    return text
  }
}
