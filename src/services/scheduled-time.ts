import { exampleTime, isoformat, parseScheduled, type Scheduled } from '../cluster/schedule.js'
import { ActionError } from '../errors.js'
import type { ActionDeps } from './reporter.js'

/**
 * The time a `--scheduled` text (or a prompt's answer) names, read as patronictl reads it; undefined for "now" or
 * nothing. A zone abbreviation patronictl ignores is said on stderr with the instant it leaves.
 */
export function scheduledTime(
  deps: Pick<ActionDeps, 'clock' | 'progress' | 'note' | 'warn' | 'conduct'>,
  text: string | undefined,
): Scheduled | undefined {
  if (text === undefined || text === 'now' || text === '') return undefined
  const scheduled = parseScheduled(text, { now: deps.clock.now(), zoneNames: deps.clock.localZoneNames() })
  if (!scheduled)
    throw new ActionError(
      `Unable to parse scheduled timestamp (${text}). It should be in an unambiguous format (e.g. ISO 8601)`,
    )
  if (scheduled.ignoredZone !== undefined) {
    deps.note(
      `Warning: time zone ${scheduled.ignoredZone} is not understood (patronictl ignores it too); the time is taken as local time: ${isoformat(scheduled)}`,
    )
    // patronictl logs dateutil's own warning (Python's warnings go to its log)
    if (deps.conduct.stepsOfRelease) deps.warn(dateutilUnknownZone(scheduled.ignoredZone))
  }
  return scheduled
}

/**
 * `--scheduled` as given; else, when the command asks (no --force), the answer to patronictl's prompt for `action`
 * (`(e.g. TIME) ` for a restart, `(e.g. TIME ) ` for a switchover, as patronictl spells them); read by scheduledTime.
 */
export async function askScheduledTime(
  deps: Pick<ActionDeps, 'clock' | 'progress' | 'note' | 'warn' | 'conduct' | 'prompt'>,
  given: string | undefined,
  ask: 'restart' | 'switchover' | undefined,
): Promise<Scheduled | undefined> {
  const example = `${exampleTime(deps.clock.now())}${ask === 'switchover' ? ' ' : ''}`
  const text =
    given ??
    (ask
      ? await deps.prompt.input({
          message: `When should the ${ask} take place (e.g. ${example}) `,
          default: 'now',
          flag: '--scheduled TIME or --force (now)',
        })
      : undefined)
  return scheduledTime(deps, text)
}

/** dateutil's UnknownTimezoneWarning as patronictl logs it, from Debian's python3-dateutil. */
function dateutilUnknownZone(zone: string): string {
  return `/usr/lib/python3/dist-packages/dateutil/parser/_parser.py:1207: UnknownTimezoneWarning: tzname ${zone} identified but not understood.  Pass \`tzinfos\` argument in order to correctly return a timezone-aware datetime.  In a future version, this will raise an exception.\n  warnings.warn("tzname {tzname} identified but not understood.  "\n`
}
