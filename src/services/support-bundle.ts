import type { CheckOptions } from '../cluster/health.js'
import type { Cluster } from '../cluster/types.js'
import type { Dcs } from '../dcs/dcs.js'
import { AGENT_READ_PATHS, type PatroniApi } from '../patroni-api/api.js'
import { safeComponent, type ArchiveFile } from '../report/tar-gz.js'
import { scrubJson, scrubText, secretValues } from '../report/scrub.js'
import type { Clock } from './ports.js'
import { doctorCluster } from './doctor.js'
import { pooled } from './pooled.js'
import { isAbsent, notFound, readCluster } from './read-clusters.js'

/** One read the bundle made: what, when, how long, and whether it answered. */
export interface BundleRead {
  readonly what: string
  readonly at: string
  readonly ms: number
  readonly ok: boolean
  readonly status?: number
  readonly error?: string
}

export interface BundleInput {
  readonly dcs: Dcs
  readonly api: () => Promise<PatroniApi>
  readonly clock: Clock
  readonly scope: string
  readonly ptctlVersion: string
  /** the local ctl configuration as read (file + environment): secrets are removed before it is written */
  readonly config: Readonly<Record<string, unknown>>
  /** secrets known from the configuration and the environment (passwords, tokens, PGPASSWORD) */
  readonly secrets: readonly string[]
  readonly timeoutMs: number
  readonly concurrency: number
}

export interface SupportBundle {
  /** the folder every file sits in inside the archive */
  readonly root: string
  readonly files: readonly ArchiveFile[]
  readonly reads: readonly BundleRead[]
  /** agents that did not answer at least one read */
  readonly unanswered: readonly string[]
  /** why the cluster could not be read from the DCS, when it could not (the bundle then holds what could be had) */
  readonly dcsError?: string
}

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/**
 * Everything a support engineer asks for first, read once and bounded by `timeoutMs`: every DCS key of the cluster
 * (raw and decoded), each agent's own answers, doctor's findings, the local configuration, and a record of each read.
 * Nothing secret leaves: secret-named fields are blanked wherever they appear, and every secret value found (in the
 * configuration, the environment, the DCS, the agents' answers) is removed from every file, whatever its place.
 */
export async function buildSupportBundle(input: BundleInput): Promise<SupportBundle> {
  const { clock } = input
  const started = clock.now()
  const reads: BundleRead[] = []
  const timed = async <T>(what: string, work: () => Promise<T>): Promise<T | Error> => {
    const at = clock.now()
    try {
      const result = await work()
      reads.push({ what, at: at.toISOString(), ms: clock.now().getTime() - at.getTime(), ok: true })
      return result
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e))
      reads.push({
        what,
        at: at.toISOString(),
        ms: clock.now().getTime() - at.getTime(),
        ok: false,
        error: error.message,
      })
      return error
    }
  }
  const signal = AbortSignal.timeout(input.timeoutMs)
  const secrets = [...input.secrets, ...secretValues(input.config)]
  const root = `ptctl-report-${safeComponent(input.scope)}-${started.toISOString().replace(/[:.]/g, '').slice(0, 15)}Z`
  const files: { path: string; value: unknown; text?: string }[] = []

  const cluster = await timed('dcs: the cluster', () =>
    readCluster(input.dcs, input.scope, { tolerateInvalid: true, missing: 'empty' }),
  )
  // a bundle of nothing helps nobody: a name that is not in the namespace is an error, and no file is written
  if (!(cluster instanceof Error) && isAbsent(cluster)) throw notFound(input.scope, input.dcs)
  const records = await timed('dcs: every key of the cluster', () => input.dcs.listKeys({ scope: input.scope }))
  if (!(records instanceof Error)) {
    for (const r of records) secretValues(parsed(r.value), secrets)
    files.push({
      path: 'dcs/keys.json',
      value: records.map((r) => ({ key: r.key, version: r.version, raw: r.value, decoded: parsed(r.value) ?? null })),
    })
  }
  const options: CheckOptions = { minReplicas: 1, allowPendingRestart: false, allowPaused: false }
  const doctor = await timed('doctor', () =>
    // from the cluster as read above: one read of it per bundle
    doctorCluster(
      { dcs: input.dcs, api: input.api },
      input.scope,
      options,
      { concurrency: input.concurrency, signal },
      undefined,
      cluster instanceof Error ? undefined : cluster,
    ),
  )
  files.push({ path: 'doctor.json', value: doctor instanceof Error ? { error: doctor.message } : doctor })

  const unanswered = new Set<string>()
  if (!(cluster instanceof Error)) await agentAnswers(input, cluster, signal, timed, files, secrets, unanswered)

  files.push({ path: 'ctl-config.json', value: input.config })
  files.push({
    path: 'report.json',
    value: {
      ptctl: input.ptctlVersion,
      cluster: input.scope,
      created: started.toISOString(),
      durationMs: clock.now().getTime() - started.getTime(),
      timeoutMs: input.timeoutMs,
      reads,
      unanswered: [...unanswered],
      secrets: 'removed: secret-named fields are ***, and every known secret value is *** wherever it appeared',
    },
  })
  return {
    root,
    files: [...files]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((f) => ({
        path: `${root}/${f.path}`,
        content: scrubText(f.text ?? json(scrubJson(f.value, secrets)), secrets),
      })),
    reads,
    unanswered: [...unanswered],
    ...(cluster instanceof Error ? { dcsError: scrubText(cluster.message, secrets) } : {}),
  }
}

/** Each agent's read-only endpoints, a few agents at a time; an agent that does not answer is recorded as such. */
async function agentAnswers(
  input: BundleInput,
  cluster: Cluster,
  signal: AbortSignal,
  timed: <T>(what: string, work: () => Promise<T>) => Promise<T | Error>,
  files: { path: string; value: unknown; text?: string }[],
  secrets: string[],
  unanswered: Set<string>,
): Promise<void> {
  const api = await input.api()
  // every agent is asked: reads the deadline cuts are recorded as such
  const ask = (m: Cluster['members'][number]) => async (): Promise<void> => {
    const dir = `agents/${safeComponent(m.name)}`
    if (m.apiUrl === undefined) {
      files.push({ path: `${dir}/not-asked.json`, value: { member: m.name, why: m.apiUrlProblem ?? 'no api_url' } })
      return
    }
    const agent = { name: m.name, apiUrl: m.apiUrl }
    const index: Record<string, unknown>[] = []
    for (const path of AGENT_READ_PATHS) {
      const started = performance.now()
      const answer = await timed(`${m.name} GET ${path}`, () => api.read(agent, path, { signal, closeAfter: true }))
      const ms = Math.round(performance.now() - started)
      if (answer instanceof Error) {
        unanswered.add(m.name)
        index.push({ path, ok: false, ms, error: answer.message })
        continue
      }
      index.push({ path, ok: true, ms, status: answer.status })
      const body = parsed(answer.text)
      const name = path.slice(1)
      if (body !== undefined) {
        secretValues(body, secrets)
        files.push({ path: `${dir}/${name}.json`, value: body })
      } else files.push({ path: `${dir}/${name}.txt`, value: null, text: answer.text })
    }
    files.push({ path: `${dir}/index.json`, value: { member: m.name, apiUrl: m.apiUrl, reads: index } })
  }
  await pooled(cluster.members.map(ask), input.concurrency)
}
