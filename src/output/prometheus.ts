import type { Verdict } from '../cluster/health.js'
import { CLUSTER_ROLES } from '../cluster/roles.js'
import { VerdictExitCode } from '../exit-codes.js'
import type { CheckReport } from '../services/check.js'

/**
 * `check --format prometheus`: the node_exporter textfile-collector format (Prometheus text exposition 0.0.4). Each
 * family once, HELP and TYPE first, every sample of it together; label values escaped as the format says.
 */
export function renderPrometheus(reports: readonly CheckReport[], now: Date): string {
  const families: Family[] = [
    family('ptctl_cluster_status', 'Verdict of ptctl check: 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN.', (add) => {
      for (const r of reports) add({ cluster: r.cluster }, VerdictExitCode[r.status])
    }),
    family(
      'ptctl_cluster_check_status',
      'Verdict of each check of ptctl check: 0 OK, 1 WARN, 2 CRIT, 3 UNKNOWN.',
      (add) => {
        for (const r of reports) for (const c of r.checks) add({ cluster: r.cluster, check: c.check }, code(c.status))
      },
    ),
    family('ptctl_cluster_paused', 'Whether the cluster is in maintenance mode.', (add) => {
      for (const r of reports) if (r.paused !== undefined) add({ cluster: r.cluster }, r.paused ? 1 : 0)
    }),
    family(
      'ptctl_member_role',
      'The role of the member in its cluster: 1 for the role it has, 0 for the others.',
      (add) => {
        for (const { cluster, m } of members(reports))
          for (const role of CLUSTER_ROLES) add({ cluster, member: m.name, role }, m.role === role ? 1 : 0)
      },
    ),
    family('ptctl_member_running', "Whether the member's PostgreSQL runs, as its member key says.", (add) => {
      for (const { cluster, m } of members(reports)) add({ cluster, member: m.name }, m.state === 'running' ? 1 : 0)
    }),
    family('ptctl_member_timeline', 'The timeline the member is on.', (add) => {
      for (const { cluster, m } of members(reports))
        if (m.timeline !== undefined) add({ cluster, member: m.name }, m.timeline)
    }),
    family(
      'ptctl_member_lag_bytes',
      "Bytes behind the leader's last known position (replicas that publish one).",
      (add) => {
        for (const { cluster, m } of members(reports))
          if (m.lagBytes !== undefined) add({ cluster, member: m.name }, m.lagBytes)
      },
    ),
    family('ptctl_member_pending_restart', 'Whether the member needs a restart for a setting to apply.', (add) => {
      for (const { cluster, m } of members(reports)) add({ cluster, member: m.name }, m.pendingRestart ? 1 : 0)
    }),
    family('ptctl_member_agent_up', "Whether the member's Patroni REST API answered /health.", (add) => {
      for (const { cluster, m } of members(reports))
        if (m.agentUp !== undefined) add({ cluster, member: m.name }, m.agentUp ? 1 : 0)
    }),
    family('ptctl_check_timestamp_seconds', 'When ptctl check ran (Unix time).', (add) =>
      add({}, now.getTime() / 1000),
    ),
  ]
  return `${families.map(renderFamily).join('\n')}\n`
}

type Labels = Readonly<Record<string, string>>
interface Family {
  readonly name: string
  readonly help: string
  readonly samples: ReadonlyArray<{ labels: Labels; value: number }>
}

const code = (v: Verdict) => VerdictExitCode[v]

function family(name: string, help: string, fill: (add: (labels: Labels, value: number) => void) => void): Family {
  const samples: Array<{ labels: Labels; value: number }> = []
  fill((labels, value) => samples.push({ labels, value }))
  return { name, help, samples }
}

function* members(reports: readonly CheckReport[]) {
  for (const r of reports) for (const m of r.members ?? []) yield { cluster: r.cluster, m }
}

/** A label value as the format writes it: backslash, double quote and line feed escaped. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

/** HELP text escapes backslash and line feed only. */
const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')

function renderFamily(f: Family): string {
  const lines = [`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} gauge`]
  for (const { labels, value } of f.samples) {
    const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    lines.push(`${f.name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${value}`)
  }
  return lines.join('\n')
}
