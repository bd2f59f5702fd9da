import { readFileSync } from 'node:fs'

/** Standard and daylight abbreviations of a POSIX TZ string (`CET-1CEST,M3.5.0,M10.5.0/3`, `UTC0`, `<+0530>-5:30`). */
export function posixZoneNames(spec: string): string[] {
  const name = /^(<[^>]*>|[A-Za-z]{3,})/
  const std = name.exec(spec)
  if (!std) return []
  const stdName = (std[1] ?? '').replace(/[<>]/g, '')
  const afterOffset = spec.slice(std[0].length).replace(/^[+-]?\d{1,2}(:\d{2}){0,2}/, '')
  const dst = name.exec(afterOffset)
  return [stdName, dst ? (dst[1] ?? '').replace(/[<>]/g, '') : stdName]
}

/** The POSIX TZ string that ends a TZif (v2+) file: its last line. */
function tzifFooter(path: string): string | undefined {
  try {
    const text = readFileSync(path).toString('latin1')
    const lines = text.split('\n')
    const footer = lines[lines.length - 2]
    return footer !== undefined && /^[<A-Za-z]/.test(footer) ? footer : undefined
  } catch {
    return undefined
  }
}

/**
 * The local zone's abbreviations as Python's time.tzname has them (from $TZ, else /etc/localtime): dateutil reads a
 * timestamp naming one of them (`$(date)` prints one) as local time. UTC when nothing says otherwise.
 */
export function localZoneNames(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const tz = env['TZ']?.replace(/^:/, '')
  let spec: string | undefined
  if (tz !== undefined && tz !== '') {
    spec = tz.startsWith('/') ? tzifFooter(tz) : (tzifFooter(`/usr/share/zoneinfo/${tz}`) ?? tz)
  } else {
    spec = tzifFooter('/etc/localtime')
  }
  const names = spec !== undefined ? posixZoneNames(spec) : []
  return names.length > 0 ? names : ['UTC', 'UTC']
}
