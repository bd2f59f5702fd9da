/** Patroni's version as a member publishes it (`3.0.2`), compared numerically; unknown versions compare as newest. */
export function patroniVersionAtLeast(
  version: string | undefined,
  wanted: readonly [number, number, number?],
): boolean {
  if (version === undefined) return true
  const parts = version.split('.').map((p) => Number.parseInt(p, 10))
  if (parts.some((p) => Number.isNaN(p))) return true
  for (let i = 0; i < 3; i++) {
    const have = parts[i] ?? 0
    const want = wanted[i] ?? 0
    if (have !== want) return have > want
  }
  return true
}
