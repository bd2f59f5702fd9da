import { PassThrough } from 'node:stream'

import { describe, expect, it } from 'vitest'

import { linePrompter, promptText } from '../../src/cli/prompter.js'
import { StdinReader } from '../../src/cli/stdin.js'
import { UsageError } from '../../src/errors.js'

function piped(text: string) {
  const stream = new PassThrough()
  stream.end(text)
  const written: string[] = []
  const stdin = new StdinReader(() => stream)
  return { prompt: linePrompter(stdin, (t) => written.push(t)), written, stdin }
}

describe("piped answers are read as click reads them, patronictl's prompt texts on stderr", () => {
  it('renders click prompts: the default in brackets, even when empty', () => {
    expect(promptText({ message: 'Primary', default: 'pg1', flag: '' })).toBe('Primary [pg1]: ')
    expect(promptText({ message: "Candidate ['pg2', 'pg3']", default: '', flag: '' })).toBe(
      "Candidate ['pg2', 'pg3'] []: ",
    )
    expect(promptText({ message: 'Please confirm the cluster name to remove', flag: '' })).toBe(
      'Please confirm the cluster name to remove: ',
    )
  })

  it('answers in order; an empty line takes the default', async () => {
    const { prompt, written } = piped('\npg3\n\ny\n')
    expect(await prompt.input({ message: 'Primary', default: 'pg1', flag: '--leader' })).toBe('pg1')
    expect(await prompt.input({ message: 'Candidate', default: '', flag: '--candidate' })).toBe('pg3')
    expect(await prompt.input({ message: 'When', default: 'now', flag: '--scheduled' })).toBe('now')
    expect(await prompt.confirm({ message: 'Are you sure?', flag: '--force' })).toBe(true)
    expect(written.join('')).toBe('Primary [pg1]: \nCandidate []: \nWhen [now]: \nAre you sure? [y/N]: \n')
  })

  it('confirmations take y/yes/n/no in any case, default no, and ask again on anything else', async () => {
    const { prompt, written } = piped('YES\nNo\n\nmaybe\ny\n')
    const ask = () => prompt.confirm({ message: 'Sure?', flag: '--force' })
    expect([await ask(), await ask(), await ask(), await ask()]).toEqual([true, false, false, true])
    expect(written.filter((w) => w === 'Error: invalid input\n')).toHaveLength(1)
  })

  it('a question without a default asks again on an empty answer', async () => {
    const { prompt } = piped('\n\ndemo\n')
    expect(await prompt.input({ message: 'Please confirm the cluster name to remove', flag: '--confirm-name' })).toBe(
      'demo',
    )
  })

  it('the end of input fails at once, naming the flag, as a usage error', async () => {
    const { prompt } = piped('pg1\n')
    expect(await prompt.input({ message: 'Primary', default: 'pg1', flag: '--leader' })).toBe('pg1')
    const e = await prompt.confirm({ message: 'Are you sure?', flag: '--force' }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(UsageError)
    expect((e as Error).message).toBe('stdin ended before an answer to "Are you sure? [y/N]:": give --force')
  })

  it('answers are never echoed (a piped password never reaches a log)', async () => {
    const { prompt, written } = piped('s3cret\n')
    expect(await prompt.input({ message: 'Password', hidden: true, flag: 'PGPASSWORD' })).toBe('s3cret')
    expect(written.join('')).not.toContain('s3cret')
  })

  it('a last line without a newline and CRLF line ends are answers too', async () => {
    const { prompt } = piped('pg2\r\npg3')
    expect(await prompt.input({ message: 'a', default: '', flag: '' })).toBe('pg2')
    expect(await prompt.input({ message: 'b', default: '', flag: '' })).toBe('pg3')
  })
})

describe('stdin is read as a stream, to its end, whatever the pace of the writer', () => {
  it('waits for a slow writer instead of failing with EAGAIN', async () => {
    const stream = new PassThrough()
    const reader = new StdinReader(() => stream)
    const all = reader.all()
    stream.write('ttl: ')
    await new Promise((r) => setTimeout(r, 50))
    stream.end('30\n')
    expect(await all).toBe('ttl: 30\n')
  })

  it('is not touched until a command asks for it', () => {
    let opened = false
    new StdinReader(() => {
      opened = true
      return new PassThrough()
    })
    expect(opened).toBe(false)
  })
})
