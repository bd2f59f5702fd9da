import { readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

import { describe, expect, it } from 'vitest'

import { manPage, roffText, type ManCommand } from '../../src/output/man-page.js'

const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as {
  commands: Record<string, ManCommand>
}
const page = manPage({
  bin: 'ptctl',
  version: '9.8.7',
  description: 'A test',
  date: '2026-12-05',
  commands: Object.values(manifest.commands),
})

describe('roffText', () => {
  it('escapes backslashes, hyphens and a leading dot or quote, which roff would take as requests', () => {
    expect(roffText('a\\b --c')).toBe('a\\eb \\-\\-c')
    expect(roffText('a × b')).toBe('a \\[u00D7] b')
    expect(roffText(".TH x\n'y\nz.")).toBe("\\&.TH x\n\\&'y\nz.")
  })
})

describe('ptctl(1) from the commands’ own help', () => {
  it('has a section for every visible command, with its summary, options and examples', () => {
    for (const c of Object.values(manifest.commands).filter((c) => c.hidden !== true)) {
      expect(page, c.id).toContain(`.SS \\fBptctl ${roffText(c.id.replace(/:/g, ' '))}\\fR`)
      if (c.summary !== undefined) expect(page, c.id).toContain(roffText(c.summary))
    }
    expect(page).toContain('\\fB\\-f\\fR, \\fB\\-\\-format\\fR=\\fIpretty|tsv|json|yaml|yml\\fR')
    expect(page).toContain('ptctl list demo \\-f json')
    // global options once, not under each command
    expect(page.match(/\\-\\-config\\-file/g)?.length).toBe(1)
  })

  it('lists every exit code', () => {
    for (const code of ['0', '1', '2', '3', '4', '5', '6', '70', '130'])
      expect(page).toContain(`.TP\n\\fB${code}\\fR\n`)
  })

  it('is a page man renders without a warning', () => {
    const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z'], { input: page, encoding: 'utf8' })
    expect(r.error).toBeUndefined()
    expect(r.stderr).toBe('')
    const text = spawnSync('groff', ['-man', '-Tascii', '-P-c', '-P-b', '-P-u'], { input: page, encoding: 'utf8' })
    expect(text.stdout).toContain('ptctl - A test')
    expect(text.stdout).toMatch(/--config-file=/)
  })
})
