/**
 * How an action goes where ptctl and patronictl (drop-in mode) go differently. Decided once from the face, in the
 * command layer (cli/conduct-of.ts), and handed to services as data: a service follows these, never the face.
 */
export interface Conduct {
  /** a cluster with no key in the DCS: an error naming it (ptctl), or an empty cluster to go on with (patronictl) */
  readonly missingCluster: 'error' | 'empty'
  /** ptctl's own lines on stderr: eligibility before a switchover, "nothing to do", what a flag turned into */
  readonly notes: boolean
  /**
   * refuse before sending what Patroni would refuse (an ineligible candidate, a time in the past) with the reason
   * (ptctl); or send it and print Patroni's answer, as patronictl does
   */
  readonly preflight: boolean
}

export const PTCTL_CONDUCT: Conduct = { missingCluster: 'error', notes: true, preflight: true }
export const PATRONICTL_CONDUCT: Conduct = { missingCluster: 'empty', notes: false, preflight: false }
