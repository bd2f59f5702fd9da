import { membersOf, type ClusterGroups } from '../cluster/citus.js'
import { ActionError, AgentUnreachableError, PatroniApiError } from '../errors.js'
import type { PatroniApi } from '../patroni-api/api.js'

export interface MemberVersion {
  readonly member: string
  readonly patroni: string | null
  readonly postgresql: string | null
  /** why the versions could not be read */
  readonly error: string | null
  readonly unreachable: boolean
}

/** PostgreSQL's server_version_num as text: 90624 → 9.6.24, 150018 → 15.18. */
export function formatServerVersion(n: number): string {
  const major = Math.floor(n / 10000)
  if (n < 100000) return `${major}.${Math.floor(n / 100) % 100}.${n % 100}`
  return `${major}.${n % 10000}`
}

/** Asks every member with an api_url (or only `names`) for its versions, all in parallel. */
export async function memberVersions(
  api: PatroniApi,
  view: ClusterGroups,
  names: readonly string[],
): Promise<MemberVersion[]> {
  const all = membersOf(view).map((x) => x.member)
  const unknown = names.filter((n) => !all.some((m) => m.name === n))
  if (unknown.length > 0) {
    throw new ActionError(
      `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a member' : 'are not members'} of cluster ${view.scope}`,
    )
  }
  const members = all.filter(
    (m) => (m.apiUrl !== undefined || m.apiUrlProblem !== undefined) && (names.length === 0 || names.includes(m.name)),
  )
  return Promise.all(
    members.map(async (m): Promise<MemberVersion> => {
      if (m.apiUrl === undefined)
        return { member: m.name, patroni: null, postgresql: null, error: m.apiUrlProblem ?? null, unreachable: true }
      try {
        const status = await api.status({ name: m.name, apiUrl: m.apiUrl ?? '' })
        const pg = typeof status.server_version === 'number' ? formatServerVersion(status.server_version) : null
        return {
          member: m.name,
          patroni: status.patroni?.version ?? null,
          postgresql: pg,
          error: null,
          unreachable: false,
        }
      } catch (e) {
        if (e instanceof AgentUnreachableError || e instanceof PatroniApiError) {
          const reason = e instanceof AgentUnreachableError ? e.reason : `status code=${e.status}, (${e.body})`
          return {
            member: m.name,
            patroni: null,
            postgresql: null,
            error: reason,
            unreachable: e instanceof AgentUnreachableError,
          }
        }
        throw e
      }
    }),
  )
}
