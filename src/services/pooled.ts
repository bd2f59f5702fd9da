/**
 * Runs `jobs` with at most `limit` at once, each result at its job's index. Jobs not started once `signal` aborts are
 * left undefined (without a signal every job runs: each carries its own deadline).
 */
export async function pooled<T>(
  jobs: ReadonlyArray<() => Promise<T>>,
  limit: number,
  signal?: AbortSignal,
): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = new Array<T | undefined>(jobs.length).fill(undefined)
  let next = 0
  const worker = async () => {
    while (next < jobs.length && signal?.aborted !== true) {
      const i = next++
      results[i] = await (jobs[i] as () => Promise<T>)()
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, worker))
  return results
}
