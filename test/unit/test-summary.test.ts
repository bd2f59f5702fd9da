import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { afterAll, describe, expect, it } from 'vitest'

interface Summary {
  readonly line: string
  readonly ok: boolean
  readonly notStarted: string[]
}
// a plain ES module of the build tooling (scripts/), typed by its JSDoc
const summaryModule: string = '../../scripts/test-summary.mjs'
const { summarize } = (await import(summaryModule)) as {
  summarize: (report: unknown) => Summary
}

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'ptctl-summary-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The JSON report the real vitest writes for the fixture suite: files that pass, fail, and cannot start. */
async function fixtureReport(): Promise<unknown> {
  const out = join(dir, 'report.json')
  await run(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--config',
      'test/fixtures/summary/vitest.config.ts',
      '--reporter=json',
      `--outputFile=${out}`,
    ],
    { env: { ...process.env, CI: '1' } },
  ).catch(() => undefined)
  return JSON.parse(readFileSync(out, 'utf8'))
}

describe('the suite summary line', () => {
  it('counts files that could not start as failures, never as skipped tests', async () => {
    const { line, ok, notStarted } = summarize(await fixtureReport())
    // 4 passed; 1 failed test + 2 files that could not start; the one test skipped on purpose
    expect(line).toBe('4 passed, 3 failed, including 2 files that could not start, 1 skipped')
    expect(ok).toBe(false)
    expect(notStarted.map((n) => n.split('/').pop()).sort()).toEqual([
      'import-fails.fixture.ts',
      'setup-fails.fixture.ts',
    ])
  }, 60_000)

  it('is ok only when something passed and nothing failed', () => {
    const passing = { testResults: [{ name: 'a', status: 'passed', assertionResults: [{ status: 'passed' }] }] }
    expect(summarize(passing)).toMatchObject({ line: '1 passed, 0 failed', ok: true })
    expect(summarize({ testResults: [] })).toMatchObject({ line: '0 passed, 0 failed', ok: false })
  })

  it('an error outside any test (an uncaught exception after a test passed) fails the run', () => {
    const report = {
      success: false,
      testResults: [{ name: 'a', status: 'passed', assertionResults: [{ status: 'passed' }] }],
    }
    expect(summarize(report)).toMatchObject({
      line: '1 passed, 0 failed, and errors outside any test (vitest\'s "Errors" above)',
      ok: false,
    })
  })

  it('a file that fails after its tests passed (afterAll) is a failure too', () => {
    const report = { testResults: [{ name: 'a', status: 'failed', assertionResults: [{ status: 'passed' }] }] }
    expect(summarize(report)).toMatchObject({ line: '1 passed, 1 failed', ok: false })
  })
})
