import type { Verdict } from './health.js'

/** One thing doctor looked at: its verdict, what it means, and what to run next when it is not OK. */
export interface Finding {
  readonly area: 'dcs' | 'identity' | 'timing' | 'failsafe' | 'failover' | 'replication' | 'pending' | 'health'
  readonly check: string
  readonly status: Verdict
  readonly detail: string
  readonly next?: string
}

/** A finding; what to run next is kept only when it is not OK. */
export const finding = (
  area: Finding['area'],
  check: string,
  status: Verdict,
  detail: string,
  next?: string,
): Finding => ({
  area,
  check,
  status,
  detail,
  ...(next !== undefined && status !== 'OK' ? { next } : {}),
})
