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
  /**
   * member names given to restart/reload/reinit/flush that are not members (with the role): an error naming them
   * (ptctl), or left out, as patronictl's get_members does, acting on the others
   */
  readonly unknownMemberNames: 'error' | 'ignore'
  /**
   * follow the steps and words of the patronictl release answered as, where releases differ (the order of restart's
   * questions, what --pending keeps); ptctl follows its own, the newest
   */
  readonly stepsOfRelease: boolean
}

export const PTCTL_CONDUCT: Conduct = {
  missingCluster: 'error',
  notes: true,
  preflight: true,
  unknownMemberNames: 'error',
  stepsOfRelease: false,
}
export const PATRONICTL_CONDUCT: Conduct = {
  missingCluster: 'empty',
  notes: false,
  preflight: false,
  unknownMemberNames: 'ignore',
  stepsOfRelease: true,
}
