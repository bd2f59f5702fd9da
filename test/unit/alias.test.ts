import { execFileSync } from 'node:child_process'
import { lstatSync, readlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { installAlias, removeAlias } from '../../src/cli/alias.js'
import { BIN } from '../helpers/cli.js'
import { tempDir } from '../helpers/leftovers.js'

describe('ptctl install-alias: patronictl as a link to ptctl', () => {
  it('creates the link, leaves it as it is when asked again, and removes only its own link', () => {
    const dir = tempDir('ptctl-alias-')
    const link = join(dir, 'patronictl')
    expect(installAlias(link, BIN, false)).toEqual({ link, target: BIN, outcome: 'created' })
    expect(readlinkSync(link)).toBe(BIN)
    expect(installAlias(link, BIN, false).outcome).toBe('unchanged')
    expect(removeAlias(link)).toBe(true)
    expect(() => lstatSync(link)).toThrow()
    expect(removeAlias(link)).toBe(false)
  })

  it('keeps a real patronictl unless forced, then replaces it; never removes one', () => {
    const dir = tempDir('ptctl-alias-')
    const link = join(dir, 'patronictl')
    writeFileSync(link, '#!/bin/sh\necho the real one\n', { mode: 0o755 })
    expect(() => installAlias(link, BIN, false)).toThrow(/exists and is not a link to ptctl .* --force/)
    expect(removeAlias(link)).toBe(false)
    expect(lstatSync(link).isFile()).toBe(true)
    expect(installAlias(link, BIN, true).outcome).toBe('replaced')
    expect(readlinkSync(link)).toBe(BIN)
  })

  it("the link answers as patronictl: its version line is patronictl's", () => {
    const dir = tempDir('ptctl-alias-')
    const out = execFileSync(process.execPath, [BIN, 'install-alias', '--dir', dir], { encoding: 'utf8' })
    expect(out).toBe(`${join(dir, 'patronictl')} -> ${BIN}\n`)
    const version = execFileSync(join(dir, 'patronictl'), ['version'], {
      encoding: 'utf8',
      env: { ...process.env, PTCTL_COMPAT: '' },
    })
    expect(version).toMatch(/^patronictl version \d+\.\d+\.\d+\n$/)
  })

  it('a folder that does not exist is a usage error', () => {
    expect(() => installAlias('/nonexistent-dir/patronictl', BIN, false)).toThrow('/nonexistent-dir does not exist')
  })
})
