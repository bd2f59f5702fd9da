/** PostgreSQL's `%X/%X` text form of a byte position in the WAL. */
export function formatLsn(lsn: number): string {
  const hi = Math.floor(lsn / 2 ** 32)
  const lo = lsn - hi * 2 ** 32
  return `${hi.toString(16).toUpperCase()}/${lo.toString(16).toUpperCase()}`
}

/** Parses `X/Y` or a plain integer; undefined when it is neither. */
export function parseLsn(text: string): number | undefined {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim())
  if (m) return Number.parseInt(m[1] ?? '0', 16) * 2 ** 32 + Number.parseInt(m[2] ?? '0', 16)
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined
}

/** Python's round(): halves go to the even neighbour (2.5 → 2, 3.5 → 4). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x)
  const diff = x - floor
  if (diff > 0.5) return floor + 1
  if (diff < 0.5) return floor
  return floor % 2 === 0 ? floor : floor + 1
}

/** Lag in whole MB as patronictl prints it. */
export function lagInMb(bytes: number): number {
  return roundHalfEven(bytes / 1024 / 1024)
}
