import { describe, expect, it } from 'vitest'

import { describeFailure } from '../../src/http-failure.js'

const failure = (code: string, name = 'Error') => Object.assign(new Error(`boom ${code}`), { code, name })

describe("transport failures in a DBA's words, and whether the request may have been received", () => {
  it.each([
    [failure('ECONNREFUSED'), 'connection refused', false],
    [failure('ENOTFOUND'), 'host name not found', false],
    [failure('UND_ERR_CONNECT_TIMEOUT'), 'no connection within 2s', false],
    [failure('UND_ERR_HEADERS_TIMEOUT'), 'no answer within 2s', true],
    [Object.assign(new Error('aborted'), { name: 'TimeoutError' }), 'no answer within 2s', true],
    [failure('UND_ERR_SOCKET'), 'the connection was closed before an answer', true],
    [failure('HPE_INVALID_CONSTANT'), 'the answer is not HTTP', true],
    [Object.assign(new Error('x'), { name: 'HTTPParserError' }), 'the answer is not HTTP', true],
  ])('%s', (error, reason, maybeReceived) => {
    const d = describeFailure(error, 2000)
    expect(d).toEqual({ reason, maybeReceived })
    // no internal code names reach the user
    expect(d.reason).not.toMatch(/UND_ERR|HPE_|HTTPParserError/)
  })
})
