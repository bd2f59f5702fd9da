import { createRequire } from 'node:module'

import type * as Etcd3Namespace from 'etcd3'
import { describe, expect, it } from 'vitest'

import { classifyEtcd3Failure, NoAnswerError } from '../../src/dcs/etcd3-failure.js'

// the client's own error classes, as its calls raise them
const etcd3 = createRequire(import.meta.url)('etcd3') as typeof Etcd3Namespace

describe('classifyEtcd3Failure: what a failed call means, from the typed errors of the etcd3 client', () => {
  it.each([
    [
      'connection refused: never sent',
      new etcd3.GRPCUnavailableError(
        '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ',
      ),
      'not-sent',
    ],
    ['a closed client: never sent', new etcd3.ClientClosedError('etcd3'), 'not-sent'],
    [
      'an election under way',
      new etcd3.GRPCUnavailableError('14 UNAVAILABLE: etcdserver: leader changed'),
      'transient',
    ],
    ['a minority member', new etcd3.GRPCUnavailableError('14 UNAVAILABLE: etcdserver: no leader'), 'transient'],
    [
      'too many requests',
      new etcd3.GRPCResourceExhastedError('8 RESOURCE_EXHAUSTED: etcdserver: too many requests'),
      'transient',
    ],
    ['a connection lost mid-call', new etcd3.GRPCUnavailableError('14 UNAVAILABLE: Connection dropped'), 'other'],
    [
      'the deadline of the call',
      new etcd3.GRPCDeadlineExceededError('4 DEADLINE_EXCEEDED: Deadline exceeded'),
      'no-answer',
    ],
    ['our own deadline', new NoAnswerError(5), 'no-answer'],
    ['wrong credentials', new etcd3.EtcdAuthenticationFailedError('etcdserver: authentication failed'), 'refused'],
    ['no permission', new etcd3.EtcdPermissionDeniedError('etcdserver: permission denied'), 'refused'],
    ['not etcd at all', new etcd3.GRPCNotImplementedError('12 UNIMPLEMENTED: Received HTTP status code 404'), 'other'],
    ['a plain error', new Error('socket hang up'), 'other'],
  ])('%s', (_name, error, kind) => {
    expect(classifyEtcd3Failure(error, etcd3)).toBe(kind)
  })
})
