import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { isSecretField, scrubJson, scrubText, secretValues } from '../../src/report/scrub.js'
import { safeComponent, tarGz } from '../../src/report/tar-gz.js'

/** The support bundle's two pure parts: the archive (unpacked by the system's tar) and the secret scrubber. */
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function unpack(archive: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'ptctl-tar-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'a.tar.gz'), archive)
  execFileSync('tar', ['-xzf', 'a.tar.gz'], { cwd: dir })
  return dir
}

describe('tarGz', () => {
  it('writes an archive tar unpacks byte for byte: text, binary, empty, a path longer than 100 bytes', async () => {
    const long = `root/${'d'.repeat(90)}/${'f'.repeat(60)}.json`
    const binary = Buffer.from([0, 1, 2, 255, 254, 10, 13])
    const dir = unpack(
      tarGz(
        [
          { path: 'root/a.txt', content: 'héllo\n' },
          { path: 'root/sub/b.bin', content: binary },
          { path: 'root/empty', content: '' },
          { path: long, content: 'x'.repeat(513) },
        ],
        new Date('2026-12-05T00:00:00Z'),
      ),
    )
    expect(readFileSync(join(dir, 'root/a.txt'), 'utf8')).toBe('héllo\n')
    expect(readFileSync(join(dir, 'root/sub/b.bin')).equals(binary)).toBe(true)
    expect(readFileSync(join(dir, 'root/empty'), 'utf8')).toBe('')
    expect(readFileSync(join(dir, long), 'utf8')).toBe('x'.repeat(513))
    expect(statSync(join(dir, 'root/a.txt')).mtime.toISOString()).toBe('2026-12-05T00:00:00.000Z')
    const listing = execFileSync('tar', ['-tzf', join(dir, 'a.tar.gz')], { encoding: 'utf8' })
      .trim()
      .split('\n')
    expect(listing).toEqual(['root/a.txt', 'root/sub/b.bin', 'root/empty', long])
  })

  it('refuses a path it cannot store rather than cutting it', async () => {
    expect(() => tarGz([{ path: 'x'.repeat(120), content: '' }], new Date())).toThrow(/archive path too long/)
  })

  it('names from the DCS become one safe component: no slash, no dot-dot, no control bytes', async () => {
    expect(safeComponent('pg1')).toBe('pg1')
    expect(safeComponent('../../etc/passwd')).toBe('__.._etc_passwd')
    expect(safeComponent('..')).toBe('_')
    expect(safeComponent('a/b\nc\u001b[31m')).toBe('a_b_c__31m')
    expect(safeComponent('')).toBe('_')
    expect(safeComponent('m'.repeat(200))).toHaveLength(64)
    const dir = unpack(tarGz([{ path: `r/${safeComponent('../evil')}/x`, content: 'ok' }], new Date()))
    expect(readdirSync(join(dir, 'r'))).toEqual(['__evil'])
  })
})

describe('scrub', () => {
  it('knows secret field names and leaves ordinary ones', () => {
    for (const name of ['password', 'PASSWORD', 'keyfile_password', 'token', 'api_token', 'secret', 'authentication'])
      expect(isSecretField(name), name).toBe(true)
    for (const name of ['username', 'host', 'ttl', 'loop_wait', 'keyfile', 'role', 'pg_hba'])
      expect(isSecretField(name), name).toBe(false)
  })

  it('collects secret values from nested objects and arrays', () => {
    expect(
      secretValues({ a: { password: 'p1' }, b: [{ token: 't2' }, { x: { secret: 3 } }], password: '' }).sort(),
    ).toEqual(['3', 'p1', 't2'])
  })

  it('blanks secret fields, URL credentials, conninfo passwords and every known secret value wherever it is', () => {
    const scrubbed = scrubJson(
      {
        authentication: { username: 'u', password: 'p' },
        conn_url: 'postgres://admin:Sup3rS3cret@db:5432/postgres',
        primary_conninfo: "host=db user=rep password='it\\'s secret' port=5432",
        plain: 'password=hunter22 host=x',
        note: 'someone pasted tok-abcdef here',
        list: ['tok-abcdef'],
      },
      ['tok-abcdef'],
    )
    const text = JSON.stringify(scrubbed)
    for (const secret of ['Sup3rS3cret', 's secret', 'hunter22', 'tok-abcdef', '"p"'])
      expect(text).not.toContain(secret)
    expect(scrubbed).toMatchObject({ authentication: '***', plain: 'password=*** host=x', list: ['***'] })
    expect(scrubText('password = "a b"', [])).not.toContain('a b')
  })
})
