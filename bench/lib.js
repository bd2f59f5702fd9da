// Whole-process measurements: each command runs in a fresh process; variants alternate so noise hits all alike.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const MEASURE = fileURLToPath(new URL('./measure.py', import.meta.url))

export function measureOnce(argv) {
  const out = execFileSync('/usr/bin/python3', [MEASURE, ...argv], { encoding: 'utf8' })
  return JSON.parse(out)
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Runs every variant `reps` times round-robin after one warm-up each; returns stats per variant. */
export function compare(variants, reps) {
  for (const v of variants) measureOnce(v.argv)
  const samples = new Map(variants.map((v) => [v.name, []]))
  for (let i = 0; i < reps; i++) {
    for (const v of variants) {
      const r = measureOnce(v.argv)
      if (r.code !== 0) throw new Error(`${v.name} exited ${r.code}`)
      samples.get(v.name).push(r)
    }
  }
  return variants.map((v) => {
    const s = samples.get(v.name)
    const walls = s.map((r) => r.wall)
    return {
      name: v.name,
      command: v.argv.join(' '),
      wall: median(walls),
      min: Math.min(...walls),
      max: Math.max(...walls),
      cpu: median(s.map((r) => r.cpu)),
      rss: median(s.map((r) => r.rss_mib)),
      n: s.length,
    }
  })
}
