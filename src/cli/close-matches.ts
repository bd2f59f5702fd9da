/**
 * Python's difflib.get_close_matches (n=3, cutoff=0.6), which click uses to suggest an option for a misspelt one:
 * the Ratcliff/Obershelp similarity of SequenceMatcher (twice the matched characters over the total length), the
 * best three at or above the cutoff, best first (ties: the later word in code-point order first, as heapq gives).
 */

/** The longest common block of a[alo:ahi] and b[blo:bhi], leftmost in a, then in b (SequenceMatcher's choice). */
function longestMatch(
  a: string,
  b: string,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): [number, number, number] {
  let best: [number, number, number] = [alo, blo, 0]
  let lengths = new Map<number, number>()
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>()
    for (let j = blo; j < bhi; j++) {
      if (a[i] !== b[j]) continue
      const k = (lengths.get(j - 1) ?? 0) + 1
      next.set(j, k)
      if (k > best[2]) best = [i - k + 1, j - k + 1, k]
    }
    lengths = next
  }
  return best
}

function matchedCharacters(a: string, b: string): number {
  let matched = 0
  const queue: Array<[number, number, number, number]> = [[0, a.length, 0, b.length]]
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop() ?? [0, 0, 0, 0]
    const [i, j, k] = longestMatch(a, b, alo, ahi, blo, bhi)
    if (k === 0) continue
    matched += k
    if (alo < i && blo < j) queue.push([alo, i, blo, j])
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi])
  }
  return matched
}

export function similarity(a: string, b: string): number {
  const total = a.length + b.length
  return total === 0 ? 1 : (2 * matchedCharacters(a, b)) / total
}

export function closeMatches(word: string, possibilities: readonly string[], n = 3, cutoff = 0.6): string[] {
  return possibilities
    .map((p) => ({ p, score: similarity(p, word) }))
    .filter((x) => x.score >= cutoff)
    .sort((x, y) => y.score - x.score || (y.p > x.p ? 1 : y.p < x.p ? -1 : 0))
    .slice(0, n)
    .map((x) => x.p)
}
