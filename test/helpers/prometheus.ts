import { fileURLToPath } from 'node:url'

import { run } from './cli.js'

const PARSER = fileURLToPath(new URL('./prometheus-parse.py', import.meta.url))

export interface ParsedFamily {
  readonly name: string
  readonly type: string
  readonly help: string
  readonly samples: ReadonlyArray<{ name: string; labels: Record<string, string>; value: number }>
}

/**
 * The text read back by Prometheus's own Python client parser (Debian python3-prometheus-client); also checks what
 * node_exporter's textfile collector insists on and that parser lets pass: each family in one block, HELP and TYPE
 * once, before its samples.
 */
export async function parsePrometheus(text: string): Promise<ParsedFamily[]> {
  const r = await run('/usr/bin/python3', [PARSER], { input: text })
  if (r.code !== 0) throw new Error(`not the Prometheus text format: ${r.stderr}`)
  const seen = new Set<string>()
  let current = ''
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const name = line.startsWith('#') ? (line.split(' ')[2] ?? '') : (/^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? '')
    if (name !== current) {
      if (seen.has(name)) throw new Error(`family ${name} appears in two blocks`)
      seen.add(name)
      current = name
      if (!line.startsWith('# HELP')) throw new Error(`family ${name} does not start with # HELP`)
    }
  }
  return JSON.parse(r.stdout) as ParsedFamily[]
}
