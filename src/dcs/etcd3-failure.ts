import type * as Etcd3Namespace from 'etcd3'

/**
 * What a failed etcd v3 call means for what to do next, from the client's typed errors (gRPC status codes):
 * - `not-sent`: no connection was established, so etcd never saw the request: any call may go to the next endpoint;
 * - `refused`: etcd answered no (credentials, permissions): final, trying elsewhere changes nothing;
 * - `transient`: etcd could not serve it now (`leader changed`, `no leader`, too many requests): a read is tried
 *   again within its deadline, a write may have been applied;
 * - `no-answer`: the deadline passed with the request out: a write may have been applied;
 * - `other`: anything else after sending: a write may have been applied.
 * Only `not-sent` lets a write be sent again: anything else could make a compare-and-set find our own applied write
 * and call it a conflict.
 */
export type Etcd3FailureKind = 'not-sent' | 'refused' | 'transient' | 'no-answer' | 'other'

type Classes = Pick<
  typeof Etcd3Namespace,
  | 'GRPCUnavailableError'
  | 'GRPCDeadlineExceededError'
  | 'GRPCUnauthenticatedError'
  | 'EtcdPermissionDeniedError'
  | 'EtcdAuthenticationFailedError'
  | 'EtcdInvalidAuthTokenError'
  | 'GRPCResourceExhastedError'
  | 'ClientClosedError'
>

/**
 * grpc-js fails a call with UNAVAILABLE and these details when its channel never connected; with a connection,
 * UNAVAILABLE comes from etcd itself (`etcdserver: ...`) or from a connection lost mid-call.
 */
const NEVER_CONNECTED = /No connection established|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/

export function classifyEtcd3Failure(e: unknown, classes: Classes): Etcd3FailureKind {
  if (
    e instanceof classes.EtcdPermissionDeniedError ||
    e instanceof classes.EtcdAuthenticationFailedError ||
    e instanceof classes.EtcdInvalidAuthTokenError ||
    e instanceof classes.GRPCUnauthenticatedError
  )
    return 'refused'
  if (e instanceof classes.ClientClosedError) return 'not-sent'
  if (e instanceof classes.GRPCDeadlineExceededError || e instanceof NoAnswerError) return 'no-answer'
  if (e instanceof classes.GRPCUnavailableError)
    return NEVER_CONNECTED.test(e.message) ? 'not-sent' : /etcdserver:/.test(e.message) ? 'transient' : 'other'
  if (e instanceof classes.GRPCResourceExhastedError) return 'transient'
  return 'other'
}

/** Our own deadline on a call (the client's may not fire when a connection stalls). */
export class NoAnswerError extends Error {
  constructor(readonly seconds: number) {
    super(`no answer within ${seconds}s`)
    this.name = 'NoAnswerError'
  }
}
