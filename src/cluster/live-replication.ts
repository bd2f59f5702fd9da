import type { Cluster, Member } from './types.js'

/** One walsender as the leader's `pg_stat_replication` shows it (LSNs as PostgreSQL prints them, lags in seconds). */
export interface WalSender {
  readonly applicationName: string
  readonly state: string | null
  readonly syncState: string | null
  readonly sentLsn: string | null
  readonly writeLsn: string | null
  readonly flushLsn: string | null
  readonly replayLsn: string | null
  /** null: PostgreSQL has no recent measure (an idle, caught-up standby) */
  readonly writeLagSeconds: number | null
  readonly flushLagSeconds: number | null
  readonly replayLagSeconds: number | null
}

export interface ReplicationSlot {
  readonly name: string
  readonly type: string
  readonly active: boolean
  /** WAL the slot holds back on the leader: its current LSN minus the slot's restart_lsn */
  readonly retainedBytes: number | null
}

export interface Archiver {
  readonly archivedCount: number
  readonly lastArchivedWal: string | null
  readonly lastArchivedTime: string | null
  readonly failedCount: number
  readonly lastFailedWal: string | null
  readonly lastFailedTime: string | null
  readonly statsReset: string | null
}

/** What the leader's PostgreSQL said, in one connection, at one moment. */
export interface LeaderSnapshot {
  readonly member: string
  readonly at: string
  readonly currentLsn: string
  readonly senders: readonly WalSender[]
  readonly slots: readonly ReplicationSlot[]
  readonly archiver: Archiver | null
}

/** How far a replica is behind the leader's current LSN, in bytes, at each stage of replication. */
export interface BytesBehind {
  readonly sent: number | null
  readonly written: number | null
  readonly flushed: number | null
  readonly replayed: number | null
}

export interface LiveMember {
  readonly member: string
  readonly host: string | null
  /** as the DCS says */
  readonly role: string
  readonly state: string | null
  /** the walsender for this member, or null: not streaming from the leader now */
  readonly replication: (Omit<WalSender, 'applicationName'> & { readonly bytesBehind: BytesBehind }) | null
  readonly slot: ReplicationSlot | null
}

export interface LiveView {
  readonly cluster: string
  readonly source: 'postgresql'
  readonly leader: string
  readonly at: string
  readonly currentLsn: string
  readonly members: readonly LiveMember[]
  readonly archiver: Archiver | null
  /** slots on the leader that no current member uses: they hold WAL back for nobody */
  readonly orphanSlots: readonly ReplicationSlot[]
}

/** `X/Y` (hex halves of a 64-bit WAL position) as a number of bytes; null for what is not an LSN. */
export function lsnBytes(lsn: string | null): bigint | null {
  const m = lsn === null ? null : /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn)
  return m ? (BigInt(`0x${m[1] ?? '0'}`) << 32n) + BigInt(`0x${m[2] ?? '0'}`) : null
}

function behind(current: bigint | null, lsn: string | null): number | null {
  const at = lsnBytes(lsn)
  if (current === null || at === null) return null
  const diff = current - at
  // a standby can report a position past the leader's, read a moment later: it is not behind
  return Number(diff < 0n ? 0n : diff)
}

/** Patroni's slot name for a member: lower case, every character but [a-z0-9_] as `_`, at most 63 bytes. */
export function slotNameOf(member: string): string {
  return member
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 63)
}

const isLeaderRole = (m: Member) => m.role === 'master' || m.role === 'primary' || m.role === 'standby_leader'

/** The member table joined with the leader's view of replication: walsenders by application name, slots by name. */
export function joinLive(cluster: Cluster, snapshot: LeaderSnapshot): LiveView {
  const current = lsnBytes(snapshot.currentLsn)
  const usedSlots = new Set<string>()
  const members = cluster.members.map((m): LiveMember => {
    const leader = m.name === snapshot.member
    const sender = leader ? undefined : snapshot.senders.find((s) => s.applicationName === m.name)
    const slot = leader ? undefined : snapshot.slots.find((s) => s.name === slotNameOf(m.name))
    if (slot) usedSlots.add(slot.name)
    return {
      member: m.name,
      host: m.host === undefined ? null : m.port !== undefined ? `${m.host}:${m.port}` : m.host,
      role: leader || isLeaderRole(m) ? (m.role === 'standby_leader' ? 'Standby Leader' : 'Leader') : 'Replica',
      state: m.state ?? null,
      replication: sender
        ? {
            state: sender.state,
            syncState: sender.syncState,
            sentLsn: sender.sentLsn,
            writeLsn: sender.writeLsn,
            flushLsn: sender.flushLsn,
            replayLsn: sender.replayLsn,
            writeLagSeconds: sender.writeLagSeconds,
            flushLagSeconds: sender.flushLagSeconds,
            replayLagSeconds: sender.replayLagSeconds,
            bytesBehind: {
              sent: behind(current, sender.sentLsn),
              written: behind(current, sender.writeLsn),
              flushed: behind(current, sender.flushLsn),
              replayed: behind(current, sender.replayLsn),
            },
          }
        : null,
      slot: slot ?? null,
    }
  })
  return {
    cluster: cluster.scope,
    source: 'postgresql',
    leader: snapshot.member,
    at: snapshot.at,
    currentLsn: snapshot.currentLsn,
    members,
    archiver: snapshot.archiver,
    // logical slots and slots Patroni keeps for others (permanent slots) are not a member's: only physical ones count
    orphanSlots: snapshot.slots.filter(
      (s) => s.type === 'physical' && !usedSlots.has(s.name) && !isPermanent(cluster, s),
    ),
  }
}

/** A slot the dynamic configuration declares (`slots:`): Patroni keeps it on purpose. */
function isPermanent(cluster: Cluster, slot: ReplicationSlot): boolean {
  const declared = cluster.config?.value['slots']
  return declared !== null && typeof declared === 'object' && slot.name in declared
}

/** A duration in PostgreSQL's seconds, as a DBA reads it: `0.8 ms`, `12 ms`, `3.4 s`, `2 min 5 s`. */
export function durationText(seconds: number | null): string {
  if (seconds === null) return ''
  if (seconds < 0.001) return `${Math.round(seconds * 1e6)} µs`
  if (seconds < 1) return `${Number((seconds * 1000).toPrecision(2))} ms`
  if (seconds < 60) return `${Number(seconds.toFixed(1))} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

/** A byte count with a binary unit: `0 B`, `152 B`, `4.0 KiB`, `16 MiB`. */
export function bytesText(bytes: number | null): string {
  if (bytes === null) return ''
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${bytes} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit] ?? ''}`
}
