import { describe, expect, it } from 'vitest'

import Check from '../../src/commands/check.js'
import type { AgentRef, HealthEndpoint, ReadOptions } from '../../src/patroni-api/api.js'
import { escapeLabel, renderPrometheus } from '../../src/output/prometheus.js'
import { runCommand } from '../helpers/command-harness.js'
import { RecordingApi, unreachable } from '../helpers/fakes.js'
import { parsePrometheus } from '../helpers/prometheus.js'
import { clusterRecords, member4 } from '../helpers/records.js'

/** check over many clusters through the command seam: one DCS read, bounded probes, worst verdict. */

const MB = 1024 * 1024
const cluster = (scope: string, extra: Parameters<typeof clusterRecords>[0] = {}) =>
  clusterRecords({
    scope,
    initialize: '7000',
    config: { ttl: 20, loop_wait: 2 },
    leader: `${scope}-1`,
    optime: 10 * MB,
    members: {
      [`${scope}-1`]: member4(5501, { role: 'master', timeline: 2, api_url: `http://127.0.0.1:1/${scope}-1` }),
      [`${scope}-2`]: member4(5502, { timeline: 2, xlog_location: 10 * MB, replication_state: 'streaming' }),
    },
    ...extra,
  })
const fleet = () => [...cluster('alpha'), ...cluster('beta'), ...cluster('gamma')]

/** A REST API whose probes take a moment, counting how many are in flight at once and what they were asked. */
class SlowApi extends RecordingApi {
  inFlight = 0
  maxInFlight = 0
  readonly options: ReadOptions[] = []
  override async probe(agent: AgentRef, endpoint: HealthEndpoint, o: ReadOptions = {}): Promise<number> {
    this.options.push(o)
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    await new Promise((r) => setTimeout(r, 5))
    this.inFlight--
    return super.probe(agent, endpoint)
  }
}

describe('check over several clusters', () => {
  it('--all: one summary line per cluster, then the count of each verdict; the exit code is the worst', async () => {
    const api = new RecordingApi((c) => (c.member === 'beta-2' ? unreachable(c.member) : { status: 200, text: '' }))
    const r = await runCommand(Check, ['--all'], { records: fleet(), api })
    expect(r.stdout.split('\n').map((l) => l.replace(/ - .*/, ''))).toEqual([
      'CHECK alpha OK',
      'CHECK beta WARN',
      'CHECK gamma OK',
      'CHECK 3 clusters WARN',
      '',
    ])
    expect(r.stdout).toContain('CHECK 3 clusters WARN - 2 OK, 1 WARN, 0 CRIT, 0 UNKNOWN\n')
    expect(r.stdout).toMatch(/CHECK beta WARN - .*beta-2: REST API unreachable/)
    expect(r.code).toBe(1)
  })

  it('named clusters: one that is not there is UNKNOWN (exit 3), the others judged', async () => {
    const r = await runCommand(Check, ['alpha', 'nosuch', '--json'], { records: fleet() })
    expect(r.code).toBe(3)
    const doc = JSON.parse(r.stdout) as {
      status: string
      counts: Record<string, number>
      clusters: Array<{ cluster: string; status: string }>
    }
    expect(doc.clusters.map((c) => [c.cluster, c.status])).toEqual([
      ['alpha', 'OK'],
      ['nosuch', 'UNKNOWN'],
    ])
    expect(doc.counts).toEqual({ OK: 1, WARN: 0, CRIT: 0, UNKNOWN: 1 })
  })

  it('a leader whose agent does not answer is CRIT; the fleet is CRIT', async () => {
    const api = new RecordingApi((c) => (c.member === 'gamma-1' ? unreachable(c.member) : { status: 200, text: '' }))
    const r = await runCommand(Check, ['--all'], { records: fleet(), api })
    expect(r.code).toBe(2)
    expect(r.stdout).toMatch(/^CHECK gamma CRIT - agents: gamma-1: REST API unreachable/m)
  })

  it('--concurrency bounds the probes in flight; each probe closes its connection after the answer', async () => {
    const api = new SlowApi(() => ({ status: 200, text: '' }))
    const r = await runCommand(Check, ['--all', '--concurrency', '2'], { records: fleet(), api })
    expect(r.code, r.stdout).toBe(0)
    expect(api.maxInFlight).toBe(2)
    expect(api.options.every((o) => o.closeAfter === true && o.signal instanceof AbortSignal)).toBe(true)
  })

  it('the run ends at --timeout: clusters whose agents were not all probed are UNKNOWN, never a hang', async () => {
    const api = new SlowApi(() => ({ status: 200, text: '' }))
    // one agent at a time, 5 ms a probe, 0.02 s for all: the later clusters are cut short
    const r = await runCommand(Check, ['--all', '--concurrency', '1', '--timeout', '0.02'], { records: fleet(), api })
    expect(r.code).toBe(3)
    expect(r.stdout).toMatch(/CHECK gamma UNKNOWN - probes: 2 of 2 agents not probed before the deadline/)
  })

  it.each([
    [['--all', 'alpha'], '--all and cluster names are mutually exclusive'],
    [['--all', '--wait-healthy'], '--wait-healthy checks one cluster'],
    [['alpha', 'beta', '--wait-healthy'], '--wait-healthy checks one cluster'],
    [['--all', '--concurrency', '0'], 'Expected an integer greater than or equal to 1'],
    [['--all', '--format', 'prometheus', '--json'], '--json and --format prometheus: choose one'],
  ])('%j is a usage error: UNKNOWN (exit 3), as monitoring reads exit 2 as CRIT', async (argv, message) => {
    const api = new RecordingApi()
    const r = await runCommand(Check, argv, { records: fleet(), api })
    expect(r.code).toBe(3)
    expect(r.stderr).toContain(message)
    expect(api.calls).toEqual([])
  })
})

describe('--format prometheus', () => {
  it('a textfile the official parser reads: status, per-check, roles, running, timeline, lag, pending restart, paused', async () => {
    const records = [
      ...cluster('alpha', { config: { ttl: 20, pause: true } }),
      ...cluster('beta', {
        members: {
          'beta-1': member4(5501, { role: 'master', timeline: 2 }),
          'beta-2': member4(5502, {
            timeline: 2,
            xlog_location: 4 * MB,
            pending_restart: true,
            replication_state: 'streaming',
          }),
        },
      }),
    ]
    const r = await runCommand(Check, ['--all', '--format', 'prometheus'], { records })
    const families = await parsePrometheus(r.stdout)
    const value = (name: string, labels: Record<string, string>) =>
      families
        .find((f) => f.name === name)
        ?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value
    expect(families.every((f) => f.type === 'gauge' && f.help !== '')).toBe(true)
    expect(value('ptctl_cluster_status', { cluster: 'alpha' })).toBe(1)
    expect(value('ptctl_cluster_paused', { cluster: 'alpha' })).toBe(1)
    expect(value('ptctl_cluster_check_status', { cluster: 'alpha', check: 'maintenance' })).toBe(1)
    expect(value('ptctl_member_role', { cluster: 'beta', member: 'beta-1', role: 'leader' })).toBe(1)
    expect(value('ptctl_member_role', { cluster: 'beta', member: 'beta-1', role: 'replica' })).toBe(0)
    expect(value('ptctl_member_running', { cluster: 'beta', member: 'beta-2' })).toBe(1)
    expect(value('ptctl_member_timeline', { cluster: 'beta', member: 'beta-2' })).toBe(2)
    expect(value('ptctl_member_lag_bytes', { cluster: 'beta', member: 'beta-2' })).toBe(6 * MB)
    expect(value('ptctl_member_lag_bytes', { cluster: 'beta', member: 'beta-1' })).toBeUndefined()
    expect(value('ptctl_member_pending_restart', { cluster: 'beta', member: 'beta-2' })).toBe(1)
    expect(value('ptctl_member_agent_up', { cluster: 'beta', member: 'beta-2' })).toBe(1)
    // the exit code is still the verdict
    expect(r.code).toBe(1)
  })

  it('label values with quotes, backslashes and line feeds come back intact', async () => {
    const odd = 'we"ird\\na\nme'
    expect(escapeLabel(odd)).toBe('we\\"ird\\\\na\\nme')
    const text = renderPrometheus(
      [{ cluster: odd, status: 'OK', checks: [{ check: 'leader', status: 'OK', detail: '' }] }],
      new Date(0),
    )
    const families = await parsePrometheus(text)
    expect(families.find((f) => f.name === 'ptctl_cluster_status')?.samples[0]?.labels).toEqual({ cluster: odd })
  })

  it('the parser used by these tests refuses what is not the format', async () => {
    await expect(parsePrometheus('ptctl_x{cluster="a} 1\n')).rejects.toThrow(/not the Prometheus text format/)
    await expect(
      parsePrometheus('# HELP a x\n# TYPE a gauge\na 1\n# HELP b y\n# TYPE b gauge\nb 1\na 2\n'),
    ).rejects.toThrow(/two blocks/)
  })
})
