#!/usr/bin/env node
// The suite's closing line, from vitest's JSON report: `N passed, N failed[, including M files that could not start]
// [, N skipped]`. A test file that failed before any of its tests ran (an import that throws, a beforeAll that fails)
// counts as a failure, never as skipped tests; so does a file that failed after its tests passed (an afterAll), and
// an error vitest caught outside any test (an uncaught exception in a worker: the report says only `success: false`).
// Exits 1 when anything failed or no test ran at all. Usage: test-summary.mjs REPORT.json
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** @typedef {{ status: string }} Assertion */
/** @typedef {{ name: string, status: string, message?: string, assertionResults?: Assertion[] }} FileResult */

/**
 * @param {{ testResults?: FileResult[], success?: boolean }} report
 * @returns {{ line: string, ok: boolean, notStarted: string[] }}
 */
export function summarize(report) {
  let passed = 0
  let failed = 0
  let skipped = 0
  /** @type {string[]} */
  const notStarted = []
  for (const file of report.testResults ?? []) {
    const tests = file.assertionResults ?? []
    const filePassed = tests.filter((t) => t.status === 'passed').length
    const fileFailed = tests.filter((t) => t.status === 'failed').length
    passed += filePassed
    failed += fileFailed
    if (file.status === 'failed' && fileFailed === 0) {
      failed += 1
      if (filePassed === 0) notStarted.push(file.name)
      // the tests of a file that could not start did not run: they are not "skipped" by choice
      if (filePassed === 0) continue
    }
    skipped += tests.filter((t) => t.status === 'skipped' || t.status === 'pending' || t.status === 'todo').length
  }
  const parts = [`${passed} passed`, `${failed} failed`]
  if (notStarted.length > 0)
    parts[1] += `, including ${notStarted.length} file${notStarted.length === 1 ? '' : 's'} that could not start`
  if (skipped > 0) parts.push(`${skipped} skipped`)
  const errorsOutsideTests = report.success === false && failed === 0
  if (errorsOutsideTests) parts.push('and errors outside any test (vitest\'s "Errors" above)')
  return { line: parts.join(', '), ok: failed === 0 && passed > 0 && !errorsOutsideTests, notStarted }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const file = process.argv[2]
  if (!file) {
    console.error('usage: test-summary.mjs REPORT.json')
    process.exit(2)
  }
  let report
  try {
    report = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    console.log(`0 passed, 1 failed: no test report (${e instanceof Error ? e.message : String(e)})`)
    process.exit(1)
  }
  const { line, ok, notStarted } = summarize(report)
  for (const name of notStarted) console.error(`could not start: ${name}`)
  console.log(line)
  process.exit(ok ? 0 : 1)
}
