// Prints, for a JSON list of texts on stdin, the instant ptctl's --scheduled parser names (ISO 8601, or null), with
// "today" given as argv[2]; run in a child process so that its TZ is the one under test.
import { readFileSync } from 'node:fs'

import { localZoneNames } from '../../dist/cli/local-zone.js'
import { isoformat, parseScheduled } from '../../dist/cluster/schedule.js'

const [year, month, day] = process.argv[2].split('-').map(Number)
const now = new Date(year, month - 1, day, 12, 0, 0)
const zoneNames = localZoneNames()
const texts = JSON.parse(readFileSync(0, 'utf8'))
process.stdout.write(
  JSON.stringify(
    texts.map((t) => {
      const s = parseScheduled(t, { now, zoneNames })
      return s ? isoformat(s) : null
    }),
  ),
)
